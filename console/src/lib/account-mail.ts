import 'server-only';
import { createHash } from 'node:crypto';
import { schema, type User } from '@tagtime/db';
import { and, eq, isNull } from 'drizzle-orm';
import { db } from './db';
import { publicOrigin, sendMail } from './mail';
import { readToken, signToken } from './tokens';

const { users } = schema;

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
  const [result] = await db()
    .update(users)
    .set({ emailVerifiedAt: new Date() })
    .where(and(eq(users.id, claims.uid), eq(users.email, claims.email), isNull(users.deletedAt)));
  return result.affectedRows === 1;
}

/**
 * A reset token carries a fingerprint of the current password hash: once the password
 * changes, every earlier reset link stops working, so each link works once.
 */
const fingerprint = (passwordHash: string) =>
  createHash('sha256').update(passwordHash).digest('hex').slice(0, 32);

async function activeUserByEmail(email: string) {
  const [row] = await db()
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      passwordHash: users.passwordHash,
    })
    .from(users)
    .where(and(eq(users.email, email.trim().toLowerCase()), isNull(users.deletedAt)));
  return row;
}

/** Mails a reset link (valid 1 hour) when the address has an account; says nothing either way. */
export async function sendPasswordResetMail(email: string): Promise<void> {
  const user = await activeUserByEmail(email);
  if (!user) return;
  const token = await signToken(
    'reset-password',
    { uid: user.id, fp: fingerprint(user.passwordHash) },
    '1h',
  );
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
  const [row] = await db()
    .select({ passwordHash: users.passwordHash })
    .from(users)
    .where(and(eq(users.id, claims.uid), isNull(users.deletedAt)));
  return row && fingerprint(row.passwordHash) === claims.fp ? claims.uid : undefined;
}
