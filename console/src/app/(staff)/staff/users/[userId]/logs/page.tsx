import { listDevices } from '@tagtime/db';
import type { Metadata } from 'next';
import Link from 'next/link';
import { LogBrowser } from '@/components/log-browser/log-browser';
import { PageTitle } from '@/components/page-title';
import { routes } from '@/config/routes';
import { db } from '@/lib/db';
import { auditStaff } from '@/lib/staff';
import { requireUserVisit } from '@/lib/staff-visit';

export const metadata: Metadata = { title: 'Staff · Logs' };

/**
 * The log browser of one user. The page itself reads only the account and its device names
 * (audited with the visit's reason); the records come through the staff API routes, each read
 * audited by the log server with the same reason.
 */
export default async function StaffUserLogsPage({
  params,
  searchParams,
}: {
  params: Promise<{ userId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { userId } = await params;
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(await searchParams)) {
    if (typeof value === 'string') search.set(key, value);
  }
  const { staff, user, reason, read } = await requireUserVisit(
    userId,
    routes.staffUserLogs(userId),
  );
  await auditStaff(staff, 'staff.view_logs', {
    subjectUserId: user.id,
    reason,
    intentId: read.intentId,
  });
  const devices = await listDevices(db(), user.id);
  return (
    <>
      <PageTitle
        aside={
          <p className="text-sm text-slate-600">
            <Link href={routes.staffUser(user.id)} className="text-brand-700 hover:underline">
              Overview
            </Link>{' '}
            · reason: <span data-testid="visit-reason">{reason}</span>
          </p>
        }
      >
        {user.name} · logs
      </PageTitle>
      <LogBrowser
        userId={user.id}
        intent={read.intentId}
        initialSearch={search.toString()}
        timeZone={user.timeZone}
        devices={devices.map((device) => ({
          id: device.id,
          name: device.name,
          kind: device.kind,
        }))}
      />
    </>
  );
}
