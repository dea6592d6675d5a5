'use server';

import { addMember, DbError } from '@tagtime/db';
import { revalidatePath } from 'next/cache';
import { routes } from '@/config/routes';
import { db } from '@/lib/db';
import { withUser } from '@/lib/guards';
import { readInvite } from '@/lib/invites';
import { acceptInviteSchema } from './schema';

export const acceptInviteAction = withUser(acceptInviteSchema, async ({ token }, { user }) => {
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
  revalidatePath(routes.tenants);
  return { tenantId: invite.tenantId };
});
