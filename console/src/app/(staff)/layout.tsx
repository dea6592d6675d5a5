import Link from 'next/link';
import type { ReactNode } from 'react';
import { SignOutButton } from '@/components/sign-out-button';
import { STAFF_NAVIGATION } from '@/config/navigation';
import { routes } from '@/config/routes';
import { requireStaff } from '@/lib/staff';

export default async function StaffLayout({ children }: { children: ReactNode }) {
  const { user, actingAs } = await requireStaff();
  return (
    <div className="min-h-screen">
      <header className="border-b border-amber-300 bg-amber-50">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
          <Link href={routes.staff} className="font-bold tracking-tight">
            TagTime <span className="text-amber-700">Staff</span>
          </Link>
          <nav className="flex flex-wrap gap-x-4 gap-y-1 text-sm" aria-label="Staff">
            {STAFF_NAVIGATION.map((item) => (
              <Link
                key={item.testId}
                href={item.href}
                className="hover:text-amber-800"
                data-testid={item.testId}
              >
                {item.label}
              </Link>
            ))}
          </nav>
          <div className="ml-auto flex items-center gap-3 text-sm">
            <span data-testid="staff-role">
              {user.name} · {actingAs}
            </span>
            <SignOutButton />
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-7xl space-y-6 px-4 py-8">
        <p className="text-xs text-amber-800">
          Everything you open here is recorded in the audit log.
        </p>
        {children}
      </main>
    </div>
  );
}
