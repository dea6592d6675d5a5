import { and, eq, gt, isNull, lte, ne, type SQL } from 'drizzle-orm';
import type { Executor } from '../client.js';
import { newId } from '../ids.js';
import { sessions } from '../schema/sessions.js';
import { users } from '../schema/users.js';

/** Starts a console session for a user who just signed in; returns its id for the cookie. */
export async function startSession(
  db: Executor,
  input: {
    userId: string;
    maxAgeSeconds: number;
    at?: Date;
    /** The browser's User-Agent and address, for the sessions list. */
    userAgent?: string | undefined;
    address?: string | undefined;
  },
): Promise<string> {
  const now = input.at ?? new Date();
  const id = newId('ses');
  // The user's long-expired rows go as new ones come, so the table stays small.
  await db
    .delete(sessions)
    .where(and(eq(sessions.userId, input.userId), lte(sessions.expiresAt, now)));
  await db.insert(sessions).values({
    id,
    userId: input.userId,
    createdAt: now,
    expiresAt: new Date(now.getTime() + input.maxAgeSeconds * 1000),
    endedAt: null,
    userAgent: input.userAgent?.slice(0, 400) || null,
    address: input.address?.slice(0, 64) || null,
    lastSeenAt: now,
  });
  return id;
}

/**
 * The condition of a live session (with `users` joined): the user's, not ended, not expired at
 * `at`, and the user not deleted.
 */
export function liveSession(input: { sessionId: string; userId: string }, at: Date): SQL {
  return and(
    eq(sessions.id, input.sessionId),
    eq(sessions.userId, input.userId),
    isNull(sessions.endedAt),
    gt(sessions.expiresAt, at),
    isNull(users.deletedAt),
  ) as SQL;
}

/** True while the session is the user's, not ended, not expired, and the user not deleted. */
export async function isSessionLive(
  db: Executor,
  input: { sessionId: string; userId: string; at?: Date },
): Promise<boolean> {
  const [row] = await db
    .select({ id: sessions.id })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(liveSession(input, input.at ?? new Date()));
  return row !== undefined;
}

/** Ends one session (sign-out). Ending an ended or unknown session is harmless. */
export async function endSession(db: Executor, sessionId: string, at = new Date()): Promise<void> {
  await db
    .update(sessions)
    .set({ endedAt: at })
    .where(and(eq(sessions.id, sessionId), isNull(sessions.endedAt)));
}

/**
 * Ends every session of a user, but `except` (the one asking, after a password change): a
 * password change or reset, "sign out everywhere", a deleted account. Answers how many ended.
 */
export async function endUserSessions(
  db: Executor,
  input: { userId: string; except?: string; at?: Date },
): Promise<number> {
  const conditions: SQL[] = [eq(sessions.userId, input.userId), isNull(sessions.endedAt)];
  if (input.except) conditions.push(ne(sessions.id, input.except));
  const [result] = await db
    .update(sessions)
    .set({ endedAt: input.at ?? new Date() })
    .where(and(...conditions));
  return result.affectedRows;
}
