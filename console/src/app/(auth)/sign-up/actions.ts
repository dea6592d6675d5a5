'use server';

import { DbError, isDbError } from '@tagtime/db';
import { signUp } from '@/lib/accounts';
import { db } from '@/lib/db';
import { withInput } from '@/lib/guards';
import { signUpSchema } from './schema';

/** Creates the user and their personal tenant on the Free plan; the form then signs in. */
export const signUpAction = withInput(signUpSchema, async (input) => {
  try {
    await signUp(db(), input);
    return null;
  } catch (error) {
    if (isDbError(error, 'email_taken')) {
      throw new DbError(
        'email_taken',
        'An account with this email exists already. Sign in instead.',
      );
    }
    throw error;
  }
});
