import { listTenantsForUser } from '@tagtime/db';
import type { Metadata } from 'next';
import Link from 'next/link';
import { requireUser } from '@/auth';
import { PageTitle } from '@/components/page-title';
import { Card } from '@/components/ui';
import { routes } from '@/config/routes';
import { db } from '@/lib/db';
import { CreateTeamForm } from './create-team-form';

export const metadata: Metadata = { title: 'Tenants' };

export default async function TenantsPage() {
  const user = await requireUser();
  const tenants = await listTenantsForUser(db(), user.id);
  return (
    <>
      <PageTitle>Tenants</PageTitle>
      <Card title="Your tenants">
        <ul className="divide-y divide-slate-100" data-testid="tenant-list">
          {tenants.map((tenant) => (
            <li key={tenant.id} className="flex items-center justify-between py-2">
              <Link
                href={routes.tenant(tenant.id)}
                className="font-medium text-brand-600 hover:underline"
                data-testid={`tenant-link-${tenant.kind}`}
              >
                {tenant.name}
              </Link>
              <span className="text-sm text-slate-600">
                {tenant.kind === 'personal' ? 'Personal' : 'Team'} · {tenant.role}
              </span>
            </li>
          ))}
        </ul>
      </Card>
      <Card title="Start a team">
        <CreateTeamForm />
      </Card>
    </>
  );
}
