import type { Metadata } from 'next';
import { Card } from '@/components/ui';
import { requireStaff } from '@/lib/staff';
import { OpenUserForm } from './open-user-form';

export const metadata: Metadata = { title: 'Staff · Why?' };

/**
 * The reason prompt: asked once per visit before anything of the user is shown. It shows
 * nothing about the user but the id the staff member chose.
 */
export default async function OpenUserPage({
  params,
  searchParams,
}: {
  params: Promise<{ userId: string }>;
  searchParams: Promise<{ next?: string }>;
}) {
  await requireStaff();
  const { userId } = await params;
  const { next } = await searchParams;
  return (
    <Card title="Give a reason">
      <p className="mb-4 text-sm text-slate-600">
        You are opening <code data-testid="reason-user">{userId}</code>. Every read of this user's
        account and logs during this visit is recorded in the audit log with the reason you give
        here.
      </p>
      <OpenUserForm userId={userId} next={next} />
    </Card>
  );
}
