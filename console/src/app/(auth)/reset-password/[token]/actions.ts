'use server';

import { DbError } from '@tagtime/db';
import { resetPasswordByLink } from '@/lib/account-mail';
import { withInput } from '@/lib/guards/action-guards';
import { resetPasswordSchema } from './schema';

export const resetPasswordAction = withInput(resetPasswordSchema, async ({ token, password }) => {
  // Compare-and-set: of concurrent uses of one link, exactly one changes the password.
  if (!(await resetPasswordByLink(token, password))) {
    throw new DbError(
      'invalid_input',
      'This reset link is not valid, has been used or has expired. Ask for a new one.',
    );
  }
  return null;
});
