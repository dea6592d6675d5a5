'use server';

import { sendPasswordResetMail } from '@/lib/account-mail';
import { withInput } from '@/lib/guards/action-guards';
import { limitMail } from '@/lib/rate-limit';
import { forgotPasswordSchema } from './schema';

/** Always answers the same, whether or not the email has an account. */
export const forgotPasswordAction = withInput(forgotPasswordSchema, async ({ email }) => {
  await limitMail(email);
  await sendPasswordResetMail(email);
  return null;
});
