import { findUserByEmail } from '@tagtime/db';
import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { Button, Card, EmptyState, Input, Label } from '@/components/ui';
import { db } from '@/lib/db';
import { requireStaff } from '@/lib/staff';

export const metadata: Metadata = { title: 'Staff · Users' };

export default async function StaffHome({
  searchParams,
}: {
  searchParams: Promise<{ email?: string }>;
}) {
  await requireStaff();
  const { email } = await searchParams;
  const found = email ? await findUserByEmail(db(), email) : undefined;
  if (found) redirect(`/staff/users/${found.id}`);
  return (
    <Card title="Find a user">
      <form className="flex flex-col gap-3 sm:flex-row sm:items-end" action="/staff">
        <div className="grow">
          <Label htmlFor="staff-email">Email</Label>
          <Input
            id="staff-email"
            name="email"
            type="email"
            defaultValue={email}
            required
            data-testid="staff-search-email"
          />
        </div>
        <Button type="submit" data-testid="staff-search">
          Open
        </Button>
      </form>
      {email && (
        <div className="mt-4">
          <EmptyState title={`No active user has the email ${email}.`} />
        </div>
      )}
    </Card>
  );
}
