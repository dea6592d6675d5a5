'use client';

import { useParams, useRouter } from 'next/navigation';
import { routes } from '@/config/routes';

/** Moves between the tenants the person belongs to; the page of each checks membership again. */
export function TenantSwitcher({
  tenants,
}: {
  tenants: Array<{ id: string; name: string; role: string }>;
}) {
  const router = useRouter();
  const params = useParams<{ tenantId?: string }>();
  if (tenants.length === 0) return null;
  return (
    <select
      aria-label="Switch tenant"
      className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
      value={params.tenantId ?? ''}
      onChange={(event) => event.target.value && router.push(routes.tenant(event.target.value))}
      data-testid="tenant-switcher"
    >
      <option value="">Switch tenant…</option>
      {tenants.map((tenant) => (
        <option key={tenant.id} value={tenant.id}>
          {tenant.name} ({tenant.role})
        </option>
      ))}
    </select>
  );
}
