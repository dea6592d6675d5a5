'use server';

import { changeMemberRole, DbError, recordAuditEvent, removeMember } from '@tagtime/db';
import { revalidatePath } from 'next/cache';
import { headers } from 'next/headers';
import { routes } from '@/config/routes';
import { db } from '@/lib/db';
import { withTenantRole } from '@/lib/guards';
import { signInvite } from '@/lib/invites';
import { changeRoleSchema, inviteSchema, memberSchema } from './schema';

export const inviteAction = withTenantRole(
  'admin',
  inviteSchema,
  async ({ tenantId, email, role }, { user, tenant }) => {
    if (tenant.role === 'admin' && role !== 'member') {
      throw new DbError('forbidden', 'Admins can invite members only; ask an owner for more.');
    }
    const token = await signInvite({
      tenantId,
      tenantName: tenant.name,
      role,
      email,
      invitedBy: user.id,
    });
    await recordAuditEvent(db(), {
      actorUserId: user.id,
      actorRole: tenant.role,
      action: 'tenant.invite',
      tenantId,
      reason: `invited ${email} as ${role}`,
    });
    const origin = (await headers()).get('origin') ?? process.env.NEXTAUTH_URL ?? '';
    return { url: `${origin}${routes.invite(token)}` };
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
