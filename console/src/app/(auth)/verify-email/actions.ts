'use server';

import { z } from 'zod';
import { sendVerificationMail } from '@/lib/account-mail';
import { withUser } from '@/lib/guards';

export const resendVerificationAction = withUser(z.object({}), async (_input, { user }) => {
  await sendVerificationMail(user);
  return null;
});
