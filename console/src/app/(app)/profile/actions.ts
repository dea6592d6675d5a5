'use server';

import {
  changePassword,
  DbError,
  deleteUser,
  endUserSessions,
  updateUser,
  verifyPassword,
} from '@tagtime/db';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { currentSession } from '@/auth';
import { db } from '@/lib/db';
import { withUser } from '@/lib/guards/action-guards';
import { deleteAccountSchema, passwordChangeSchema, profileSchema } from './schema';

export const updateProfileAction = withUser(profileSchema, async (input, { user }) => {
  await updateUser(db(), user.id, input);
  revalidatePath('/', 'layout');
  return null;
});

export const changePasswordAction = withUser(
  passwordChangeSchema,
  async ({ current, next }, { user }) => {
    if (!(await verifyPassword(db(), { email: user.email, password: current }))) {
      throw new DbError('invalid_credentials', 'Your current password is not right.');
    }
    // Every other session ends with the old password; this one goes on.
    const keepSession = (await currentSession())?.sessionId;
    await changePassword(db(), user.id, next, keepSession ? { keepSession } : {});
    return null;
  },
);

/** Ends every session of the account, this one included; the page then signs out. */
export const signOutEverywhereAction = withUser(z.object({}), async (_input, { user }) => {
  return { ended: await endUserSessions(db(), { userId: user.id }) };
});

export const deleteAccountAction = withUser(
  deleteAccountSchema,
  async ({ confirmEmail }, { user, audit }) => {
    audit({ subjectUserId: user.id });
    if (confirmEmail !== user.email) {
      throw new DbError('invalid_input', `Type your email, ${user.email}, to confirm.`);
    }
    await deleteUser(db(), user.id);
    return null;
  },
  { audit: 'user.delete' },
);
