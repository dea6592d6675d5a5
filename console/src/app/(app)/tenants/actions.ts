'use server';

import {
  addMember,
  changeMemberRole,
  createTenant,
  DbError,
  getTenant,
  recordAuditEvent,
  removeMember,
} from '@tagtime/db';
import { revalidatePath } from 'next/cache';
import { headers } from 'next/headers';
import { db } from '@/lib/db';
import { withUser } from '@/lib/guards';
import { readInvite, signInvite } from '@/lib/invites';
import {
  acceptInviteSchema,
  changeRoleSchema,
  createTeamSchema,
  inviteSchema,
  memberSchema,
} from './schema';

export const createTeamAction = withUser(createTeamSchema, async (user, { name }) => {
  const tenant = await createTenant(db(), { name, kind: 'team', ownerUserId: user.id });
  revalidatePath('/tenants');
  return { tenantId: tenant.id };
});

export const inviteAction = withUser(inviteSchema, async (user, { tenantId, email, role }) => {
  const tenant = await getTenant(db(), { userId: user.id, tenantId });
  if (tenant.role === 'member') {
    throw new DbError('forbidden', 'Only owners and admins can invite people.');
  }
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
  return { url: `${origin}/invite/${token}` };
});

export const acceptInviteAction = withUser(acceptInviteSchema, async (user, { token }) => {
  const invite = await readInvite(token);
  if (!invite) throw new DbError('invalid_input', 'This invitation is not valid or has expired.');
  if (invite.email !== user.email) {
    throw new DbError(
      'forbidden',
      `This invitation is for ${invite.email}; sign in with that email.`,
    );
  }
  // The sender's rights are checked again now, in the same call that adds the member.
  await addMember(db(), {
    actorUserId: invite.invitedBy,
    tenantId: invite.tenantId,
    userId: user.id,
    role: invite.role,
  });
  revalidatePath('/tenants');
  return { tenantId: invite.tenantId };
});

/** The acting user's role in the tenant; `forbidden` for non-members. */
async function roleIn(userId: string, tenantId: string) {
  return (await getTenant(db(), { userId, tenantId })).role;
}

export const changeRoleAction = withUser(changeRoleSchema, async (user, input) => {
  const actorRole = await roleIn(user.id, input.tenantId);
  await changeMemberRole(db(), { actorUserId: user.id, ...input });
  await recordAuditEvent(db(), {
    actorUserId: user.id,
    actorRole,
    action: 'tenant.change_role',
    tenantId: input.tenantId,
    subjectUserId: input.userId,
    reason: `role set to ${input.role}`,
  });
  revalidatePath(`/t/${input.tenantId}`);
  return null;
});

export const removeMemberAction = withUser(memberSchema, async (user, input) => {
  const actorRole = await roleIn(user.id, input.tenantId);
  await removeMember(db(), { actorUserId: user.id, ...input });
  await recordAuditEvent(db(), {
    actorUserId: user.id,
    actorRole,
    action: user.id === input.userId ? 'tenant.leave' : 'tenant.remove_member',
    tenantId: input.tenantId,
    subjectUserId: input.userId,
  });
  revalidatePath(`/t/${input.tenantId}`);
  revalidatePath('/tenants');
  return null;
});
