import Link from 'next/link';
import type { ReactNode } from 'react';
import { SignOutButton } from '@/components/sign-out-button';
import { requireStaff } from '@/lib/staff';

export default async function StaffLayout({ children }: { children: ReactNode }) {
  const { user, actingAs } = await requireStaff();
  return (
    <div className="min-h-screen">
      <header className="border-b border-amber-300 bg-amber-50">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
          <Link href="/staff" className="font-bold tracking-tight">
            TagTime <span className="text-amber-700">Staff</span>
          </Link>
          <nav className="flex gap-4 text-sm" aria-label="Staff">
            <Link href="/staff" className="hover:text-amber-800" data-testid="staff-nav-users">
              Users
            </Link>
            <Link
              href="/staff/billing"
              className="hover:text-amber-800"
              data-testid="staff-nav-billing"
            >
              Billing
            </Link>
            <Link
              href="/staff/audit"
              className="hover:text-amber-800"
              data-testid="staff-nav-audit"
            >
              Audit log
            </Link>
            <Link href="/" className="hover:text-amber-800">
              Back to the console
            </Link>
          </nav>
          <div className="ml-auto flex items-center gap-3 text-sm">
            <span data-testid="staff-role">
              {user.name} · {actingAs}
            </span>
            <SignOutButton />
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-6xl space-y-6 px-4 py-8">
        <p className="text-xs text-amber-800">
          Everything you open here is recorded in the audit log.
        </p>
        {children}
      </main>
    </div>
  );
}
