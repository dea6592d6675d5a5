'use server';

import { isDbError } from '@tagtime/db';
import { signUp } from '@/lib/accounts';
import { db } from '@/lib/db';
import { type SignUpResult, signUpSchema } from './schema';

/** Creates the user and their personal tenant on the Free plan; the form then signs in. */
export async function signUpAction(input: unknown): Promise<SignUpResult> {
  const parsed = signUpSchema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, message: parsed.error.issues[0]?.message ?? 'Check the form.' };
  }
  try {
    await signUp(db(), parsed.data);
    return { ok: true };
  } catch (error) {
    if (isDbError(error, 'email_taken')) {
      return { ok: false, message: 'An account with this email exists already. Sign in instead.' };
    }
    throw error;
  }
}
