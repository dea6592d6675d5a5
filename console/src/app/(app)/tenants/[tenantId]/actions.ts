'use server';

import {
  changeMemberRole,
  createInvite,
  recordAuditEvent,
  removeMember,
  renewInvite,
  revokeInvite,
} from '@tagtime/db';
import { revalidatePath } from 'next/cache';
import { routes } from '@/config/routes';
import { db } from '@/lib/db';
import { withTenantRole } from '@/lib/guards';
import { mailInvite } from '@/lib/invites';
import { changeRoleSchema, inviteSchema, memberSchema, pendingInviteSchema } from './schema';

/** Invites by mail; the link is also shown once, to copy. Admins invite members only. */
export const inviteAction = withTenantRole(
  'admin',
  inviteSchema,
  async ({ tenantId, email, role }, { user, tenant }) => {
    const { invite, token } = await createInvite(db(), {
      actorUserId: user.id,
      tenantId,
      email,
      role,
    });
    await recordAuditEvent(db(), {
      actorUserId: user.id,
      actorRole: tenant.role,
      action: 'tenant.invite',
      tenantId,
      reason: `invited ${email} as ${role}`,
    });
    const url = await mailInvite(invite, token);
    revalidatePath(routes.tenant(tenantId));
    return { url };
  },
);

/** A fresh link for a pending invitation, mailed again; the old link stops working. */
export const resendInviteAction = withTenantRole(
  'admin',
  pendingInviteSchema,
  async ({ tenantId, inviteId }, { user, tenant }) => {
    const { invite, token } = await renewInvite(db(), { actorUserId: user.id, tenantId, inviteId });
    await recordAuditEvent(db(), {
      actorUserId: user.id,
      actorRole: tenant.role,
      action: 'tenant.invite_resend',
      tenantId,
      reason: `sent ${invite.email} a new link`,
    });
    const url = await mailInvite(invite, token);
    revalidatePath(routes.tenant(tenantId));
    return { url, email: invite.email };
  },
);

export const revokeInviteAction = withTenantRole(
  'admin',
  pendingInviteSchema,
  async ({ tenantId, inviteId }, { user, tenant }) => {
    await revokeInvite(db(), { actorUserId: user.id, tenantId, inviteId });
    await recordAuditEvent(db(), {
      actorUserId: user.id,
      actorRole: tenant.role,
      action: 'tenant.invite_revoke',
      tenantId,
      reason: `revoked invitation ${inviteId}`,
    });
    revalidatePath(routes.tenant(tenantId));
    return null;
  },
);

export const changeRoleAction = withTenantRole(
  'admin',
  changeRoleSchema,
  async (input, { user, tenant }) => {
    await changeMemberRole(db(), { actorUserId: user.id, ...input });
    await recordAuditEvent(db(), {
      actorUserId: user.id,
      actorRole: tenant.role,
      action: 'tenant.change_role',
      tenantId: input.tenantId,
      subjectUserId: input.userId,
      reason: `role set to ${input.role}`,
    });
    revalidatePath(routes.tenant(input.tenantId));
    return null;
  },
);

/** Removing someone else needs a manager (checked again by removeMember); leaving needs a member. */
export const removeMemberAction = withTenantRole(
  'member',
  memberSchema,
  async (input, { user, tenant }) => {
    await removeMember(db(), { actorUserId: user.id, ...input });
    await recordAuditEvent(db(), {
      actorUserId: user.id,
      actorRole: tenant.role,
      action: user.id === input.userId ? 'tenant.leave' : 'tenant.remove_member',
      tenantId: input.tenantId,
      subjectUserId: input.userId,
    });
    revalidatePath(routes.tenant(input.tenantId));
    revalidatePath(routes.tenants);
    return null;
  },
);
