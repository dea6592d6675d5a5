import Link from 'next/link';
import type { ReactNode } from 'react';
import { NavLinks } from '@/components/nav-links';
import { SignOutButton } from '@/components/sign-out-button';
import { TestModeBadge } from '@/components/test-mode-badge';
import { Toaster } from '@/components/toaster';
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
          <TestModeBadge />
          <NavLinks label="Staff" items={STAFF_NAVIGATION} linkClassName="hover:text-amber-800" />
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
      <Toaster />
    </div>
  );
}
