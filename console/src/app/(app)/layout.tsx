import { getStaffRoles, listTenantsForUser } from '@tagtime/db';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { requireUser } from '@/auth';
import { SignOutButton } from '@/components/sign-out-button';
import { TenantSwitcher } from '@/components/tenant-switcher';
import { APP_NAVIGATION } from '@/config/navigation';
import { routes } from '@/config/routes';
import { db } from '@/lib/db';

export default async function AppLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  const [tenants, staffRoles] = await Promise.all([
    listTenantsForUser(db(), user.id),
    getStaffRoles(db(), user.id),
  ]);
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white print:hidden">
        <div className="mx-auto flex max-w-5xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
          <Link href="/" className="font-bold tracking-tight">
            TagTime <span className="text-brand-600">Data</span>
          </Link>
          <nav className="flex gap-4 text-sm" aria-label="Main">
            {APP_NAVIGATION.map((item) => (
              <Link
                key={item.href}
                href={item.href}
                className="text-slate-700 hover:text-brand-600"
                data-testid={item.testId}
              >
                {item.label}
              </Link>
            ))}
            {staffRoles.length > 0 && (
              <Link
                href={routes.staff}
                className="font-medium text-amber-700 hover:text-amber-900"
                data-testid="nav-staff"
              >
                Staff area
              </Link>
            )}
          </nav>
          <TenantSwitcher tenants={tenants.map(({ id, name, role }) => ({ id, name, role }))} />
          <div className="ml-auto flex items-center gap-3 text-sm">
            <span className="text-slate-600" data-testid="current-user">
              {user.name}
            </span>
            <SignOutButton />
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-5xl space-y-6 px-4 py-8">{children}</main>
    </div>
  );
}
