import { and, desc, eq, gt, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../client.js';
import { passkeys, totpSecrets } from '../schema/second-factors.js';
import { sessions } from '../schema/sessions.js';
import { staffRoles, users } from '../schema/users.js';
import { liveSession } from './sessions.js';

/** What a live session may do: whether it passed a second factor, and whether it must. */
export interface SessionAccess {
  /** When the session passed its second factor; null until it does. */
  secondFactorAt: Date | null;
  /** The user holds a confirmed authenticator app or a passkey. */
  enrolled: boolean;
  /** The user holds a staff role: staff must have a second factor. */
  staff: boolean;
}

/** A session may go this long unused before `lastSeenAt` is written again (fewer writes). */
const SEEN_RESOLUTION_MS = 60_000;

/**
 * The access of a live session (not ended, not expired, the user not deleted), or undefined;
 * notes the session as used now (to the minute), for the sessions list.
 */
export async function sessionAccess(
  db: Executor,
  input: { sessionId: string; userId: string; at?: Date },
): Promise<SessionAccess | undefined> {
  const now = input.at ?? new Date();
  const [row] = await db
    .select({
      secondFactorAt: sessions.secondFactorAt,
      lastSeenAt: sessions.lastSeenAt,
      totp: sql<number>`exists(select 1 from ${totpSecrets} where ${totpSecrets.userId} = ${sessions.userId} and ${totpSecrets.confirmedAt} is not null)`,
      passkey: sql<number>`exists(select 1 from ${passkeys} where ${passkeys.userId} = ${sessions.userId})`,
      staff: sql<number>`exists(select 1 from ${staffRoles} where ${staffRoles.userId} = ${sessions.userId})`,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(liveSession(input, now));
  if (!row) return undefined;
  if (!row.lastSeenAt || now.getTime() - row.lastSeenAt.getTime() > SEEN_RESOLUTION_MS) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, input.sessionId));
  }
  return {
    secondFactorAt: row.secondFactorAt,
    enrolled: Number(row.totp) === 1 || Number(row.passkey) === 1,
    staff: Number(row.staff) === 1,
  };
}

/** Whether the session may act fully: live, and past its second factor if it needs one. */
export function accessGranted(access: SessionAccess | undefined): boolean {
  if (!access) return false;
  return access.secondFactorAt !== null || !(access.enrolled || access.staff);
}

/** True when the session is live, its user a staff member, and it passed a second factor. */
export async function isStaffSessionVerified(
  db: Executor,
  input: { sessionId: string; userId: string },
): Promise<boolean> {
  const access = await sessionAccess(db, input);
  return access?.staff === true && access.secondFactorAt !== null;
}

/** Marks a live session as past its second factor (the verified claim). */
export async function markSecondFactor(
  db: Executor,
  input: { sessionId: string; userId: string; at?: Date },
): Promise<void> {
  await db
    .update(sessions)
    .set({ secondFactorAt: input.at ?? new Date(), webauthnChallenge: null })
    .where(
      and(
        eq(sessions.id, input.sessionId),
        eq(sessions.userId, input.userId),
        isNull(sessions.endedAt),
      ),
    );
}

/** Keeps the session's pending WebAuthn challenge (one at a time; a new one replaces it). */
export async function setWebauthnChallenge(
  db: Executor,
  input: { sessionId: string; challenge: string },
): Promise<void> {
  await db
    .update(sessions)
    .set({ webauthnChallenge: input.challenge })
    .where(eq(sessions.id, input.sessionId));
}

/** Takes the session's pending challenge, once: a second answer to it finds none. */
export async function takeWebauthnChallenge(
  db: Executor,
  sessionId: string,
): Promise<string | undefined> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ challenge: sessions.webauthnChallenge })
      .from(sessions)
      .where(and(eq(sessions.id, sessionId), isNotNull(sessions.webauthnChallenge)))
      .for('update');
    if (!row?.challenge) return undefined;
    await tx.update(sessions).set({ webauthnChallenge: null }).where(eq(sessions.id, sessionId));
    return row.challenge;
  });
}

export interface SessionListing {
  id: string;
  createdAt: Date;
  lastSeenAt: Date | null;
  userAgent: string | null;
  address: string | null;
  secondFactorAt: Date | null;
}

/** The user's live sessions, most recently used first. */
export async function listUserSessions(
  db: Executor,
  input: { userId: string; at?: Date },
): Promise<SessionListing[]> {
  return db
    .select({
      id: sessions.id,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
      userAgent: sessions.userAgent,
      address: sessions.address,
      secondFactorAt: sessions.secondFactorAt,
    })
    .from(sessions)
    .where(
      and(
        eq(sessions.userId, input.userId),
        isNull(sessions.endedAt),
        gt(sessions.expiresAt, input.at ?? new Date()),
      ),
    )
    .orderBy(desc(sessions.lastSeenAt), desc(sessions.createdAt))
    .limit(100);
}

/** Ends one of the user's own sessions; answers whether a live one ended. */
export async function endUserSession(
  db: Executor,
  input: { userId: string; sessionId: string; at?: Date },
): Promise<boolean> {
  const [result] = await db
    .update(sessions)
    .set({ endedAt: input.at ?? new Date() })
    .where(
      and(
        eq(sessions.id, input.sessionId),
        eq(sessions.userId, input.userId),
        isNull(sessions.endedAt),
      ),
    );
  return result.affectedRows > 0;
}
