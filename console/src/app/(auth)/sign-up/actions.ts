'use server';

import { signUp } from '@/lib/accounts';
import { db } from '@/lib/db';
import { withInput } from '@/lib/guards/action-guards';
import { limitMail } from '@/lib/rate-limit';
import { signUpSchema } from './schema';

/**
 * Creates the user and their personal tenant on the Free plan and mails the link that confirms
 * the address. Answers alike for an address that has an account (its owner gets a mail).
 */
export const signUpAction = withInput(signUpSchema, async (input) => {
  await limitMail(input.email);
  await signUp(db(), input);
  return null;
});
