import {
  findLiveSubscription,
  listDevices,
  listTenantsForUser,
  planDeviceUsage,
} from '@tagtime/db';
import type { Metadata } from 'next';
import Link from 'next/link';
import { Suspense } from 'react';
import { ChartFrame, ChartLoading } from '@/components/charts/chart-states';
import { deviceColors } from '@/components/log-browser/styles';
import { PageTitle } from '@/components/page-title';
import { Card } from '@/components/ui';
import { routes } from '@/config/routes';
import { db } from '@/lib/db';
import { formatDateTime } from '@/lib/format';
import { LogServerError } from '@/lib/log-server';
import { auditStaff } from '@/lib/staff';
import { requireUserVisit } from '@/lib/staff-visit';
import { fetchStats, type UserStats } from '@/lib/support-logs';
import { ErrorsPerDevice, monthRange, PingsAnswered, RecordsPerDay, TimePerTag } from './charts';
import { type StaffDeviceRow, StaffDevicesTable } from './devices-table';

export const metadata: Metadata = { title: 'Staff · User' };

const DAY = 24 * 60 * 60 * 1000;

export default async function StaffUserPage({ params }: { params: Promise<{ userId: string }> }) {
  const { userId } = await params;
  const { staff, user, reason, read } = await requireUserVisit(userId, routes.staffUser(userId));
  await auditStaff(staff, 'staff.view_user', {
    subjectUserId: user.id,
    reason,
    intentId: read.intentId,
  });
  const now = Date.now();
  const [tenants, devices, usage] = await Promise.all([
    listTenantsForUser(db(), user.id),
    listDevices(db(), user.id),
    planDeviceUsage(db(), user.id),
  ]);
  const plans = await Promise.all(tenants.map((tenant) => findLiveSubscription(db(), tenant.id)));
  let stats: UserStats | undefined;
  let problem: string | undefined;
  try {
    stats = (await fetchStats(read, user.id, { from: now - DAY, to: now })).data;
  } catch (error) {
    if (!(error instanceof LogServerError)) throw error;
    problem = error.message;
  }
  const colors = deviceColors(devices.map((device) => device.id));
  const logs = new Map(stats?.logs.map((log) => [log.device, log]));
  const rows: StaffDeviceRow[] = devices.map((device) => {
    const log = logs.get(device.id);
    return {
      id: device.id,
      name: device.name,
      // The console's own device (renames, deleted answers, imports) is not one the plan counts.
      kind: device.console ? 'web console (not counted)' : device.kind,
      color: colors[device.id] ?? '#64748b',
      head: log ? new Date(log.head).toISOString() : null,
      lastSeenAt: device.lastSeenAt?.toISOString() ?? null,
      revokedAt: device.revokedAt?.toISOString() ?? null,
      unsent: device.unsentRecords,
      unsentReportedAt: device.unsentReportedAt?.toISOString() ?? null,
      records: log?.count ?? 0,
      errors24h: stats?.errorsByDevice[device.id] ?? 0,
    };
  });
  const zone = staff.user.timeZone;
  const range = monthRange(user.timeZone, now);
  return (
    <>
      <PageTitle
        aside={
          <p className="text-sm text-slate-600">
            reason: <span data-testid="visit-reason">{reason}</span>
          </p>
        }
      >
        {user.name}
      </PageTitle>
      <div className="grid gap-6 md:grid-cols-2">
        <Card title="Account">
          <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-1 text-sm">
            <dt className="text-slate-500">Email</dt>
            <dd data-testid="staff-user-email">{user.email}</dd>
            <dt className="text-slate-500">Time zone</dt>
            <dd>{user.timeZone}</dd>
            <dt className="text-slate-500">Created</dt>
            <dd>{formatDateTime(user.createdAt.toISOString(), zone)}</dd>
            <dt className="text-slate-500">Deleted</dt>
            <dd>{user.deletedAt ? formatDateTime(user.deletedAt.toISOString(), zone) : 'no'}</dd>
            <dt className="text-slate-500">Devices</dt>
            <dd data-testid="staff-user-device-count">
              {usage.counted} of {usage.limit} the plan allows
            </dd>
            <dt className="text-slate-500">Last sync</dt>
            <dd>{formatDateTime(stats?.lastSync ?? null, zone)}</dd>
          </dl>
        </Card>
        <Card title="Tenants and plans">
          {tenants.length === 0 && (
            <p className="text-sm text-slate-600">In no tenant: the free plan applies.</p>
          )}
          <ul className="space-y-1 text-sm" data-testid="staff-user-tenants">
            {tenants.map((tenant, i) => (
              <li key={tenant.id}>
                {tenant.name} ({tenant.kind}) — {tenant.role} · plan{' '}
                <span className="font-medium">{plans[i]?.planCode ?? 'free'}</span>
                {plans[i] ? ` (${plans[i]?.status})` : ''}
              </li>
            ))}
          </ul>
        </Card>
      </div>
      <Card
        title="Devices"
        actions={
          <Link
            href={routes.staffUserLogs(user.id)}
            className="text-sm font-medium text-brand-700 hover:underline"
            data-testid="open-logs"
          >
            Open the log browser →
          </Link>
        }
      >
        {problem && (
          <p
            role="alert"
            className="mb-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800"
            data-testid="log-server-problem"
          >
            {problem}
          </p>
        )}
        <StaffDevicesTable userId={user.id} rows={rows} timeZone={zone} since={now - DAY} />
      </Card>
      <div className="grid gap-4 md:grid-cols-2">
        <ChartFrame title="Records per day by kind (30 days)" testId="chart-records-per-day">
          <Suspense fallback={<ChartLoading />}>
            <RecordsPerDay read={read} userId={user.id} range={range} />
          </Suspense>
        </ChartFrame>
        <ChartFrame title="Errors per device per day" testId="chart-errors-per-device">
          <Suspense fallback={<ChartLoading />}>
            <ErrorsPerDevice read={read} userId={user.id} range={range} devices={devices} />
          </Suspense>
        </ChartFrame>
        <ChartFrame title="Pings answered vs missed" testId="chart-pings">
          <Suspense fallback={<ChartLoading />}>
            <PingsAnswered read={read} userId={user.id} range={range} />
          </Suspense>
        </ChartFrame>
        <ChartFrame title="Time per tag (30 days)" testId="chart-tags">
          <Suspense fallback={<ChartLoading />}>
            <TimePerTag read={read} userId={user.id} range={range} />
          </Suspense>
        </ChartFrame>
      </div>
    </>
  );
}
