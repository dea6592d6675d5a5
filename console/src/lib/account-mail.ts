import 'server-only';
import { findUserByEmail, markEmailVerified, passwordStamp, type User } from '@tagtime/db';
import { db } from './db';
import { publicOrigin, sendMail } from './mail';
import { readToken, signToken } from './tokens';

/** Mails a link that proves the person reads mail at their address (valid 2 days). */
export async function sendVerificationMail(
  user: Pick<User, 'id' | 'email' | 'name'>,
): Promise<void> {
  const token = await signToken('verify-email', { uid: user.id, email: user.email }, '2d');
  await sendMail({
    to: user.email,
    subject: 'Confirm your email for TagTime Data',
    body: `Hello ${user.name},\n\nconfirm your email address by opening this link:\n${publicOrigin()}/verify-email/${token}\n\nThe link works for two days.`,
  });
}

/** Marks the address verified when the token is valid and still names the user's address. */
export async function verifyEmail(token: string): Promise<boolean> {
  const claims = await readToken('verify-email', token);
  if (typeof claims?.uid !== 'string' || typeof claims.email !== 'string') return false;
  return markEmailVerified(db(), { userId: claims.uid, email: claims.email });
}

/**
 * Mails a reset link (valid 1 hour) when the address has an account; says nothing either way.
 * The link carries the password's stamp (@tagtime/db `passwordStamp`): once the password
 * changes, every earlier reset link stops working, so each link works once.
 */
export async function sendPasswordResetMail(email: string): Promise<void> {
  const user = await findUserByEmail(db(), email);
  const stamp = user && (await passwordStamp(db(), user.id));
  if (!user || !stamp) return;
  const token = await signToken('reset-password', { uid: user.id, fp: stamp }, '1h');
  await sendMail({
    to: user.email,
    subject: 'Reset your TagTime Data password',
    body: `Hello ${user.name},\n\nset a new password here:\n${publicOrigin()}/reset-password/${token}\n\nThe link works for one hour, once. If you did not ask for it, ignore this mail.`,
  });
}

/** The user a reset token is for, while it is valid and unused. */
export async function userForResetToken(token: string): Promise<string | undefined> {
  const claims = await readToken('reset-password', token);
  if (typeof claims?.uid !== 'string' || typeof claims.fp !== 'string') return undefined;
  const stamp = await passwordStamp(db(), claims.uid);
  return stamp !== undefined && stamp === claims.fp ? claims.uid : undefined;
}
