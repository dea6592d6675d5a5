import 'server-only';
import {
  findUserByEmail,
  getUser,
  markEmailVerified,
  passwordStamp,
  resetPassword,
  type User,
} from '@tagtime/db';
import { db } from './db';
import { publicOrigin, sendMail } from './mail';
import { safeReturnPath } from './return-path';
import { readToken, signToken } from './tokens';

/**
 * Mails the link that confirms a new account's address and signs it in (valid 2 days). Until
 * then the account cannot sign in, so sign-up can answer alike whether or not the address had
 * an account. `next` is where the link lands after (an invitation, say).
 */
export async function sendConfirmationMail(
  user: Pick<User, 'id' | 'email' | 'name'>,
  next = '/',
): Promise<void> {
  const token = await signToken(
    'verify-email',
    { uid: user.id, email: user.email, next: safeReturnPath(next) },
    '2d',
  );
  await sendMail({
    to: user.email,
    subject: 'Confirm your email for TagTime Data',
    body: `Hello ${user.name},\n\nconfirm your email address and sign in by opening this link:\n${publicOrigin()}/verify-email/${token}\n\nThe link works for two days.`,
  });
}

export type Confirmation =
  | { state: 'pending'; userId: string; email: string; next: string }
  | { state: 'confirmed'; next: string }
  | { state: 'invalid' };

/** What a confirmation link can still do: confirm (once), nothing more, or nothing at all. */
export async function readConfirmation(token: string): Promise<Confirmation> {
  const claims = await readToken('verify-email', token);
  if (typeof claims?.uid !== 'string' || typeof claims.email !== 'string') {
    return { state: 'invalid' };
  }
  const next = safeReturnPath(typeof claims.next === 'string' ? claims.next : '/');
  const user = await getUser(db(), claims.uid);
  if (!user || user.deletedAt || user.email !== claims.email) return { state: 'invalid' };
  if (user.emailVerifiedAt) return { state: 'confirmed', next };
  return { state: 'pending', userId: user.id, email: user.email, next };
}

/** Confirms the address of a link; the user, only for the one call that confirmed it. */
export async function confirmByLink(token: string): Promise<User | undefined> {
  const confirmation = await readConfirmation(token);
  if (confirmation.state !== 'pending') return undefined;
  const confirmed = await markEmailVerified(db(), {
    userId: confirmation.userId,
    email: confirmation.email,
  });
  return confirmed ? getUser(db(), confirmation.userId) : undefined;
}

/** Mails a reset link (valid 1 hour) when the address has an account; says nothing either way. */
export async function sendPasswordResetMail(email: string): Promise<void> {
  const user = await findUserByEmail(db(), email);
  if (!user) return;
  await sendMail({
    to: user.email,
    subject: 'Reset your TagTime Data password',
    body: `Hello ${user.name},\n\nset a new password here:\n${await resetLink(user)}\n\nThe link works for one hour, once. If you did not ask for it, ignore this mail.`,
  });
}

/**
 * Someone signed up with an address that has an account. The person who reads its mail learns
 * of it and can sign in or set a new password; the one who signed up learns nothing.
 */
export async function sendAccountExistsMail(user: User): Promise<void> {
  await sendMail({
    to: user.email,
    subject: 'You already have a TagTime Data account',
    body: `Hello ${user.name},\n\nsomeone, perhaps you, tried to create an account with this address, which already has one. Sign in at ${publicOrigin()}/sign-in, or set a new password here:\n${await resetLink(user)}\n\nThe link works for one hour, once. If it was not you, ignore this mail: nothing changed.`,
  });
}

/**
 * A reset token carries the password's stamp (@tagtime/db `passwordStamp`): once the password
 * changes, every earlier reset link stops working, so each link works once.
 */
async function resetLink(user: Pick<User, 'id'>): Promise<string> {
  const fp = (await passwordStamp(db(), user.id)) ?? '';
  const token = await signToken('reset-password', { uid: user.id, fp }, '1h');
  return `${publicOrigin()}/reset-password/${token}`;
}

async function resetClaims(token: string) {
  const claims = await readToken('reset-password', token);
  if (typeof claims?.uid !== 'string' || typeof claims.fp !== 'string') return undefined;
  return { userId: claims.uid, fingerprint: claims.fp };
}

/** True while a reset link is valid and unused: the page says so before showing the form. */
export async function resetLinkIsLive(token: string): Promise<boolean> {
  const claims = await resetClaims(token);
  if (!claims) return false;
  return (await passwordStamp(db(), claims.userId)) === claims.fingerprint;
}

/** Sets the password of a live reset link; false when the link is dead (or just got used). */
export async function resetPasswordByLink(token: string, password: string): Promise<boolean> {
  const claims = await resetClaims(token);
  return claims ? resetPassword(db(), { ...claims, password }) : false;
}
