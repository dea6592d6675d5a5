import { listDevices, listTenantsForUser } from '@tagtime/db';
import type { Metadata } from 'next';
import { Card } from '@/components/ui';
import { routes } from '@/config/routes';
import { db } from '@/lib/db';
import { formatDateTime } from '@/lib/format';
import { auditStaff } from '@/lib/staff';
import { requireUserVisit } from '@/lib/staff-visit';

export const metadata: Metadata = { title: 'Staff · User' };

export default async function StaffUserPage({ params }: { params: Promise<{ userId: string }> }) {
  const { userId } = await params;
  const { staff, user, reason } = await requireUserVisit(userId, routes.staffUser(userId));
  await auditStaff(staff, 'staff.view_user', { subjectUserId: user.id, reason });
  const [tenants, devices] = await Promise.all([
    listTenantsForUser(db(), user.id),
    listDevices(db(), user.id),
  ]);
  const zone = staff.user.timeZone;
  return (
    <>
      <h1 className="text-2xl font-semibold" data-testid="page-title">
        {user.name}
      </h1>
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
        </dl>
      </Card>
      <Card title="Tenants">
        <ul className="text-sm" data-testid="staff-user-tenants">
          {tenants.map((tenant) => (
            <li key={tenant.id}>
              {tenant.name} ({tenant.kind}) — {tenant.role}
            </li>
          ))}
        </ul>
      </Card>
      <Card title="Devices">
        {devices.length === 0 ? (
          <p className="text-sm text-slate-600">No devices.</p>
        ) : (
          <ul className="text-sm" data-testid="staff-user-devices">
            {devices.map((device) => (
              <li key={device.id}>
                {device.name} ({device.kind}, <code>{device.id}</code>) — last seen{' '}
                {formatDateTime(device.lastSeenAt?.toISOString() ?? null, zone)}
                {device.revokedAt ? ', revoked' : ''}
              </li>
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}
