import { createHash } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../client.js';
import { DbError, isDuplicateKeyError } from '../errors.js';
import { newId } from '../ids.js';
import { hashPassword, passwordMatches } from '../passwords.js';
import { devices } from '../schema/devices.js';
import { pushSubscriptions } from '../schema/push.js';
import { users } from '../schema/users.js';
import {
  emailSchema,
  nameSchema,
  parseInput,
  passwordSchema,
  timeZoneSchema,
} from '../validation.js';
import { endUserSessions } from './sessions.js';

/** A user as the rest of the system sees one: never with the password hash. */
export type User = Omit<typeof users.$inferSelect, 'passwordHash'>;

/** The columns of `User`: everything but the password hash. */
export const userColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  timeZone: users.timeZone,
  emailVerifiedAt: users.emailVerifiedAt,
  createdAt: users.createdAt,
  updatedAt: users.updatedAt,
  deletedAt: users.deletedAt,
};

const createUserInput = z.object({
  email: emailSchema,
  password: passwordSchema,
  name: nameSchema,
  timeZone: timeZoneSchema.default('UTC'),
});

/** Creates a user with an argon2id password hash; `email_taken` when the email is in use. */
export async function createUser(
  db: Executor,
  input: { email: string; password: string; name: string; timeZone?: string },
): Promise<User> {
  const { email, password, name, timeZone } = parseInput(createUserInput, input);
  const now = new Date();
  const row = {
    id: newId('usr'),
    email,
    passwordHash: await hashPassword(password),
    name,
    timeZone,
    emailVerifiedAt: null,
    createdAt: now,
    updatedAt: now,
    deletedAt: null,
  };
  try {
    await db.insert(users).values(row);
  } catch (error) {
    if (isDuplicateKeyError(error)) {
      throw new DbError('email_taken', `The email ${email} already belongs to an account.`, {
        cause: error,
      });
    }
    throw error;
  }
  const { passwordHash: _hash, ...user } = row;
  return user;
}

/** The user with this id, deleted or not; undefined when there is none. */
export async function getUser(db: Executor, userId: string): Promise<User | undefined> {
  const [user] = await db.select(userColumns).from(users).where(eq(users.id, userId));
  return user;
}

/** The active (not deleted) user with this email, compared without case. */
export async function findUserByEmail(db: Executor, email: string): Promise<User | undefined> {
  const normalized = email.trim().toLowerCase();
  const [user] = await db
    .select(userColumns)
    .from(users)
    .where(and(eq(users.email, normalized), isNull(users.deletedAt)));
  return user;
}

// Verifying against this hash when the email is unknown makes both failures take as long.
// Made on first use, so importing the package costs no hashing.
let unknownUserHash: Promise<string> | undefined;
function placeholderHash(): Promise<string> {
  unknownUserHash ??= hashPassword('unknown user placeholder password');
  return unknownUserHash;
}

/** The active user whose email and password match; undefined for any mismatch. */
export async function verifyPassword(
  db: Executor,
  credentials: { email: string; password: string },
): Promise<User | undefined> {
  const normalized = credentials.email.trim().toLowerCase();
  const [row] = await db
    .select({ ...userColumns, passwordHash: users.passwordHash })
    .from(users)
    .where(and(eq(users.email, normalized), isNull(users.deletedAt)));
  if (!row) {
    await passwordMatches(await placeholderHash(), credentials.password);
    return undefined;
  }
  const { passwordHash, ...user } = row;
  return (await passwordMatches(passwordHash, credentials.password)) ? user : undefined;
}

const updateUserInput = z.object({
  name: nameSchema.optional(),
  timeZone: timeZoneSchema.optional(),
});

export async function updateUser(
  db: Executor,
  userId: string,
  changes: { name?: string; timeZone?: string },
): Promise<User> {
  const parsed = parseInput(updateUserInput, changes);
  await db
    .update(users)
    .set({ ...parsed, updatedAt: new Date() })
    .where(eq(users.id, userId));
  return requireUser(db, userId);
}

/**
 * Sets a new password and ends every other console session of the user: a copied session cookie
 * stops working the moment the password changes. `keepSession` is the session that asked.
 */
export async function changePassword(
  db: Executor,
  userId: string,
  password: string,
  options: { keepSession?: string } = {},
): Promise<void> {
  const valid = parseInput(passwordSchema, password);
  await requireUser(db, userId);
  const passwordHash = await hashPassword(valid);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, updatedAt: new Date() }).where(eq(users.id, userId));
    await endUserSessions(tx, {
      userId,
      ...(options.keepSession ? { except: options.keepSession } : {}),
    });
  });
}

/**
 * Sets the password of a reset link, once: the update names the hash the link was made for
 * (compare-and-set), so of concurrent uses of one link exactly one succeeds. A reset proves the
 * person reads the address's mail, so it also confirms the address; it ends every session.
 * False when the link no longer matches (used, or the password changed since).
 */
export async function resetPassword(
  db: Executor,
  input: { userId: string; fingerprint: string; password: string },
): Promise<boolean> {
  const valid = parseInput(passwordSchema, input.password);
  const [row] = await db
    .select({ passwordHash: users.passwordHash, emailVerifiedAt: users.emailVerifiedAt })
    .from(users)
    .where(and(eq(users.id, input.userId), isNull(users.deletedAt)));
  if (!row || stampOf(row.passwordHash) !== input.fingerprint) return false;
  const passwordHash = await hashPassword(valid);
  return db.transaction(async (tx) => {
    const now = new Date();
    const [result] = await tx
      .update(users)
      .set({ passwordHash, emailVerifiedAt: row.emailVerifiedAt ?? now, updatedAt: now })
      .where(and(eq(users.id, input.userId), eq(users.passwordHash, row.passwordHash)));
    if (result.affectedRows !== 1) return false;
    await endUserSessions(tx, { userId: input.userId, at: now });
    return true;
  });
}

/**
 * Soft-deletes a user: they can no longer sign in, their devices are revoked and their Web Push
 * subscriptions removed. The row stays (the audit trail refers to it) and so does the email's
 * reservation.
 */
export async function deleteUser(db: Executor, userId: string, at = new Date()): Promise<void> {
  await requireUser(db, userId);
  await db.update(users).set({ deletedAt: at, updatedAt: at }).where(eq(users.id, userId));
  await endUserSessions(db, { userId, at });
  await db
    .update(devices)
    .set({ revokedAt: at })
    .where(and(eq(devices.userId, userId), isNull(devices.revokedAt)));
  await db.delete(pushSubscriptions).where(eq(pushSubscriptions.userId, userId));
}

/** The user with this id; DbError `not_found` when there is none. */
export async function requireUser(db: Executor, userId: string): Promise<User> {
  const user = await getUser(db, userId);
  if (!user) throw new DbError('not_found', `No user has the id ${userId}.`);
  return user;
}

/**
 * Marks the address verified when the user still has it (a verification link names the address
 * it was sent to) and has not verified it yet. True only for the call that verified it, so a
 * confirmation link signs in once; false when the user is gone, has changed address since, or
 * was verified already.
 */
export async function markEmailVerified(
  db: Executor,
  input: { userId: string; email: string; at?: Date },
): Promise<boolean> {
  const [result] = await db
    .update(users)
    .set({ emailVerifiedAt: input.at ?? new Date() })
    .where(
      and(
        eq(users.id, input.userId),
        eq(users.email, input.email),
        isNull(users.emailVerifiedAt),
        isNull(users.deletedAt),
      ),
    );
  return result.affectedRows === 1;
}

/**
 * A short fingerprint of the active user's current password hash, which changes whenever the
 * password does: a password-reset link carries it, so each link works once. Undefined for a
 * deleted or unknown user.
 */
export async function passwordStamp(db: Executor, userId: string): Promise<string | undefined> {
  const [row] = await db
    .select({ passwordHash: users.passwordHash })
    .from(users)
    .where(and(eq(users.id, userId), isNull(users.deletedAt)));
  return row && stampOf(row.passwordHash);
}

const stampOf = (passwordHash: string) =>
  createHash('sha256').update(passwordHash).digest('hex').slice(0, 32);
