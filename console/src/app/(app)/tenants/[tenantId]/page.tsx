import { listMembers, listPendingInvites } from '@tagtime/db';
import type { Metadata } from 'next';
import Link from 'next/link';
import { Card } from '@/components/ui';
import { routes } from '@/config/routes';
import { db } from '@/lib/db';
import { isManager, requireTenant } from '@/lib/tenant';
import { InviteForm } from './invite-form';
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
  return (
    <>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-semibold" data-testid="page-title">
          {tenant.name}
        </h1>
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
      </div>
      {isManager(tenant) && (
        <Card title="Invite someone">
          <InviteForm tenantId={tenant.id} canInviteManagers={tenant.role === 'owner'} />
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
    </>
  );
}
