'use server';

import { changePassword, DbError } from '@tagtime/db';
import { userForResetToken } from '@/lib/account-mail';
import { db } from '@/lib/db';
import { withInput } from '@/lib/guards';
import { resetPasswordSchema } from './schema';

export const resetPasswordAction = withInput(resetPasswordSchema, async ({ token, password }) => {
  const userId = await userForResetToken(token);
  if (!userId) {
    throw new DbError(
      'invalid_input',
      'This reset link is not valid, has been used or has expired. Ask for a new one.',
    );
  }
  await changePassword(db(), userId, password);
  return null;
});
