import { getStaffRoles, listTenantsForUser, type User } from '@tagtime/db';
import Link from 'next/link';
import { APP_NAVIGATION } from '@/config/navigation';
import { routes } from '@/config/routes';
import { db } from '@/lib/db';
import { NavLinks } from './nav-links';
import { SignOutButton } from './sign-out-button';
import { TenantSwitcher } from './tenant-switcher';
import { TestModeBadge } from './test-mode-badge';

/** The signed-in area's header; without a user (a 404 for someone signed out), a sign-in link. */
export async function AppHeader({ user }: { user: User | undefined }) {
  const [tenants, staffRoles] = user
    ? await Promise.all([listTenantsForUser(db(), user.id), getStaffRoles(db(), user.id)])
    : [[], []];
  return (
    <header className="border-b border-slate-200 bg-white print:hidden">
      <div className="mx-auto flex max-w-5xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
        <Link href={routes.overview} className="font-bold tracking-tight">
          TagTime <span className="text-brand-600">Data</span>
        </Link>
        <TestModeBadge />
        {user && (
          <>
            <NavLinks
              label="Main"
              items={APP_NAVIGATION}
              linkClassName="text-slate-700 hover:text-brand-600"
            >
              {staffRoles.length > 0 && (
                <Link
                  href={routes.staff}
                  className="font-medium text-amber-700 hover:text-amber-900"
                  data-testid="nav-staff"
                >
                  Staff area
                </Link>
              )}
            </NavLinks>
            <TenantSwitcher tenants={tenants.map(({ id, name, role }) => ({ id, name, role }))} />
          </>
        )}
        <div className="ml-auto flex items-center gap-3 text-sm">
          {user ? (
            <>
              <span className="text-slate-600" data-testid="current-user">
                {user.name}
              </span>
              <SignOutButton />
            </>
          ) : (
            <Link className="text-brand-600 hover:underline" href={routes.signIn}>
              Sign in
            </Link>
          )}
        </div>
      </div>
    </header>
  );
}
