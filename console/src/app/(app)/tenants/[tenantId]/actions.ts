'use server';

import {
  changeMemberRole,
  createInvite,
  removeMember,
  renewInvite,
  revokeInvite,
} from '@tagtime/db';
import { revalidatePath } from 'next/cache';
import { routes } from '@/config/routes';
import { db } from '@/lib/db';
import { withTenantRole } from '@/lib/guards/action-guards';
import { mailInvite } from '@/lib/invites';
import { changeRoleSchema, inviteSchema, memberSchema, pendingInviteSchema } from './schema';

/** Invites by mail; the link is also shown once, to copy. Admins invite members only. */
export const inviteAction = withTenantRole(
  'admin',
  inviteSchema,
  async ({ tenantId, email, role }, { user, audit }) => {
    audit({ reason: `invited ${email} as ${role}` });
    const { invite, token } = await createInvite(db(), {
      actorUserId: user.id,
      tenantId,
      email,
      role,
    });
    const url = await mailInvite(invite, token);
    revalidatePath(routes.tenant(tenantId));
    return { url };
  },
  { audit: 'tenant.invite' },
);

/** A fresh link for a pending invitation, mailed again; the old link stops working. */
export const resendInviteAction = withTenantRole(
  'admin',
  pendingInviteSchema,
  async ({ tenantId, inviteId }, { user, audit }) => {
    audit({ reason: `new link for invitation ${inviteId}` });
    const { invite, token } = await renewInvite(db(), { actorUserId: user.id, tenantId, inviteId });
    audit({ reason: `sent ${invite.email} a new link` });
    const url = await mailInvite(invite, token);
    revalidatePath(routes.tenant(tenantId));
    return { url, email: invite.email };
  },
  { audit: 'tenant.invite_resend' },
);

export const revokeInviteAction = withTenantRole(
  'admin',
  pendingInviteSchema,
  async ({ tenantId, inviteId }, { user, audit }) => {
    audit({ reason: `revoked invitation ${inviteId}` });
    await revokeInvite(db(), { actorUserId: user.id, tenantId, inviteId });
    revalidatePath(routes.tenant(tenantId));
    return null;
  },
  { audit: 'tenant.invite_revoke' },
);

export const changeRoleAction = withTenantRole(
  'admin',
  changeRoleSchema,
  async (input, { user, audit }) => {
    audit({ subjectUserId: input.userId, reason: `role set to ${input.role}` });
    await changeMemberRole(db(), { actorUserId: user.id, ...input });
    revalidatePath(routes.tenant(input.tenantId));
    return null;
  },
  { audit: 'tenant.change_role' },
);

/** Removing someone else needs a manager (checked again by removeMember); leaving needs a member. */
export const removeMemberAction = withTenantRole(
  'member',
  memberSchema,
  async (input, { user, audit }) => {
    audit({
      action: user.id === input.userId ? 'tenant.leave' : 'tenant.remove_member',
      subjectUserId: input.userId,
    });
    await removeMember(db(), { actorUserId: user.id, ...input });
    revalidatePath(routes.tenant(input.tenantId));
    revalidatePath(routes.tenants);
    return null;
  },
  { audit: 'tenant.remove_member' },
);
