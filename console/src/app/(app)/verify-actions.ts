'use server';

import { z } from 'zod';
import { sendVerificationMail } from '@/lib/account-mail';
import { withUser } from '@/lib/guards';

export const resendVerificationAction = withUser(z.object({}), async (user) => {
  await sendVerificationMail(user);
  return null;
});
