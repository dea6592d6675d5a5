'use server';

import { changePassword } from '@tagtime/db';
import { z } from 'zod';
import { sendPasswordResetMail, userForResetToken } from '@/lib/account-mail';
import { db } from '@/lib/db';

export type AuthActionResult = { ok: true } | { ok: false; message: string };

const forgotSchema = z.object({
  email: z.string().trim().toLowerCase().email('Enter a valid email address.'),
});

/** Always answers the same, whether or not the email has an account. */
export async function forgotPasswordAction(input: unknown): Promise<AuthActionResult> {
  const parsed = forgotSchema.safeParse(input);
  if (!parsed.success)
    return { ok: false, message: parsed.error.issues[0]?.message ?? 'Check the form.' };
  await sendPasswordResetMail(parsed.data.email);
  return { ok: true };
}

const resetSchema = z.object({
  token: z.string().min(10).max(4096),
  password: z
    .string()
    .min(10, 'Use at least 10 characters for the password.')
    .max(200, 'Keep the password under 200 characters.'),
});

export async function resetPasswordAction(input: unknown): Promise<AuthActionResult> {
  const parsed = resetSchema.safeParse(input);
  if (!parsed.success)
    return { ok: false, message: parsed.error.issues[0]?.message ?? 'Check the form.' };
  const userId = await userForResetToken(parsed.data.token);
  if (!userId)
    return {
      ok: false,
      message: 'This reset link is not valid, has been used or has expired. Ask for a new one.',
    };
  await changePassword(db(), userId, parsed.data.password);
  return { ok: true };
}
