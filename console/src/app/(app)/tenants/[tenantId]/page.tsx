import {
  findLiveSubscription,
  listMembers,
  listPendingInvites,
  listPlans,
  listTenantMemberDevices,
} from '@tagtime/db';
import type { Metadata } from 'next';
import Link from 'next/link';
import { PageTitle } from '@/components/page-title';
import { Card } from '@/components/ui';
import { routes } from '@/config/routes';
import { db } from '@/lib/db';
import { fetchHeads } from '@/lib/log-server';
import { isManager, requireTenant } from '@/lib/tenant';
import { InviteForm } from './invite-form';
import { type MemberDeviceRow, MemberDevicesTable } from './member-devices-table';
import { type MemberRow, MembersTable } from './members-table';
import { type PendingInviteRow, PendingInvites } from './pending-invites';

export const metadata: Metadata = { title: 'Members' };

export default async function TenantPage({ params }: { params: Promise<{ tenantId: string }> }) {
  const { tenantId } = await params;
  const { user, tenant } = await requireTenant(tenantId);
  const members: MemberRow[] = (await listMembers(db(), { userId: user.id, tenantId })).map(
    (m) => ({
      userId: m.userId,
      name: m.name,
      email: m.email,
      role: m.role,
      joinedAt: m.joinedAt.toISOString(),
    }),
  );
  const invites: PendingInviteRow[] = isManager(tenant)
    ? (await listPendingInvites(db(), { actorUserId: user.id, tenantId })).map((invite) => ({
        id: invite.id,
        email: invite.email,
        role: invite.role,
        invitedByName: invite.invitedByName,
        expiresAt: invite.expiresAt.toISOString(),
      }))
    : [];
  const memberDevices = isManager(tenant) ? await memberDeviceRows(user.id, tenantId) : undefined;
  const live = await findLiveSubscription(db(), tenantId);
  const planName = live && (await listPlans(db())).find((p) => p.code === live.planCode)?.name;
  const plan = live
    ? { code: live.planCode, name: planName ?? live.planCode, seats: live.seats }
    : null;
  return (
    <>
      <PageTitle
        aside={
          <p className="text-sm text-slate-600">
            You are <span data-testid="my-role">{tenant.role}</span> ·{' '}
            <Link
              className="text-brand-600 hover:underline"
              href={routes.billing(tenant.id)}
              data-testid="nav-billing"
            >
              Billing
            </Link>
          </p>
        }
      >
        {tenant.name}
      </PageTitle>
      {isManager(tenant) && (
        <Card title="Invite someone">
          <InviteForm
            tenantId={tenant.id}
            canInviteManagers={tenant.role === 'owner'}
            plan={plan}
          />
        </Card>
      )}
      {isManager(tenant) && (
        <Card title="Pending invitations">
          <PendingInvites tenantId={tenant.id} rows={invites} timeZone={user.timeZone} />
        </Card>
      )}
      <Card title="Members">
        <MembersTable
          tenantId={tenant.id}
          rows={members}
          me={user.id}
          myRole={tenant.role}
          timeZone={user.timeZone}
        />
      </Card>
      {memberDevices && (
        <Card title="Members' devices and sync health">
          <p className="mb-3 text-xs text-slate-500">
            When each member's devices last synced and last wrote a record — never what the records
            say.
          </p>
          <MemberDevicesTable rows={memberDevices} timeZone={user.timeZone} />
        </Card>
      )}
    </>
  );
}

const DAY = 24 * 60 * 60 * 1000;

/** Owners and admins: every member's devices with their heads (the service API: no content). */
async function memberDeviceRows(userId: string, tenantId: string): Promise<MemberDeviceRow[]> {
  const devices = await listTenantMemberDevices(db(), { userId, tenantId });
  const owners = [...new Set(devices.map((device) => device.userId))];
  const heads = new Map(
    await Promise.all(owners.map(async (owner) => [owner, await fetchHeads(owner)] as const)),
  );
  const now = Date.now();
  return devices.map((device) => {
    const head = heads.get(device.userId)?.[device.id];
    const seen = device.lastSeenAt?.getTime();
    return {
      id: device.id,
      member: `${device.memberName} <${device.memberEmail}>`,
      name: device.name,
      kind: device.console ? 'web console' : device.kind,
      lastSeenAt: device.lastSeenAt?.toISOString() ?? null,
      head: head === undefined ? null : new Date(head).toISOString(),
      health: device.revokedAt
        ? 'revoked'
        : seen === undefined
          ? 'never'
          : now - seen > DAY
            ? 'quiet'
            : 'syncing',
    };
  });
}
