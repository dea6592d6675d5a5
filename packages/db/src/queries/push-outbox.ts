// The push outbox (DESIGN.md, work that must happen once across processes): one row per user
// and ping, claimed with SKIP LOCKED leases by whichever log server process is free.
import { and, asc, eq, gt, inArray, lt, lte, ne, not, sql } from 'drizzle-orm';
import type { Executor } from '../client.js';
import { pushOutbox } from '../schema/push.js';
import { someSubscriptionLacks } from './push-subscriptions.js';

/** An outbox row a process holds the lease of. */
export interface ClaimedPush {
  id: number;
  userId: string;
  ping: number;
  /** Counting this one. */
  attempts: number;
  expiresAt: Date;
}

/**
 * Adds the push of `ping` for the user unless it is there already (the unique key makes every
 * process that sees the ping due add one row between them). True when this call added it.
 */
export async function enqueuePush(
  db: Executor,
  input: { userId: string; ping: number; expiresAt: Date },
  now = new Date(),
): Promise<boolean> {
  const [result] = await db.insert(pushOutbox).ignore().values({
    userId: input.userId,
    ping: input.ping,
    nextAttemptAt: now,
    expiresAt: input.expiresAt,
    createdAt: now,
    updatedAt: now,
  });
  return result.affectedRows > 0;
}

/**
 * Takes up to `limit` due rows for `owner` until `now + leaseMs`. `SKIP LOCKED` lets processes
 * claiming at once take different rows instead of waiting; the lease (the row's next attempt
 * moved to its end) keeps them from others after the commit, and gives the row back to whoever
 * is free once it runs out — if the owner died mid-send, say.
 */
export async function claimPushes(
  db: Executor,
  input: { owner: string; leaseMs: number; limit: number },
  now = new Date(),
): Promise<ClaimedPush[]> {
  return db.transaction(async (tx) => {
    const due = await tx
      .select({
        id: pushOutbox.id,
        userId: pushOutbox.userId,
        ping: pushOutbox.ping,
        attempts: pushOutbox.attempts,
        expiresAt: pushOutbox.expiresAt,
      })
      .from(pushOutbox)
      .where(and(eq(pushOutbox.state, 'pending'), lte(pushOutbox.nextAttemptAt, now)))
      .orderBy(asc(pushOutbox.nextAttemptAt), asc(pushOutbox.id))
      .limit(input.limit)
      .for('update', { skipLocked: true });
    if (due.length === 0) return [];
    const leaseUntil = new Date(now.getTime() + input.leaseMs);
    await tx
      .update(pushOutbox)
      .set({
        leaseOwner: input.owner,
        leaseUntil,
        nextAttemptAt: leaseUntil,
        attempts: sql`${pushOutbox.attempts} + 1`,
        updatedAt: now,
      })
      .where(
        inArray(
          pushOutbox.id,
          due.map((row) => row.id),
        ),
      );
    return due.map((row) => ({ ...row, attempts: row.attempts + 1 }));
  });
}

/** The row while `owner` still holds it: a lease taken over by another process is not ours. */
const held = (id: number, owner: string) =>
  and(eq(pushOutbox.id, id), eq(pushOutbox.leaseOwner, owner), eq(pushOutbox.state, 'pending'));

/**
 * Ends the row as `sent` or `dropped` (with why) if `owner` still holds it. False when it does
 * not (its lease ran out and another process has it) and, for `sent`, while a live subscription
 * still lacks the ping: a browser that subscribed while the push went out. That browser's
 * `reopenCurrentPush` found the row still pending and changed nothing, so the row must stay
 * open for it (a subscription saved after this check finds the row sent, and reopens it).
 */
export async function finishPush(
  db: Executor,
  input: { id: number; owner: string; state: 'sent' | 'dropped'; error?: string },
  now = new Date(),
): Promise<boolean> {
  const [result] = await db
    .update(pushOutbox)
    .set({
      state: input.state,
      leaseOwner: null,
      leaseUntil: null,
      lastError: input.error?.slice(0, 300) ?? null,
      finishedAt: now,
      updatedAt: now,
    })
    .where(
      and(
        held(input.id, input.owner),
        input.state === 'sent'
          ? not(
              someSubscriptionLacks(
                db,
                sql.raw('`push_outbox`.`user_id`'),
                sql.raw('`push_outbox`.`ping`'),
              ),
            )
          : undefined,
      ),
    );
  return result.affectedRows > 0;
}

/** Gives the row back for another attempt at `at` (a backoff, the end of quiet hours). */
export async function retryPush(
  db: Executor,
  input: { id: number; owner: string; at: Date; error: string },
  now = new Date(),
): Promise<boolean> {
  const [result] = await db
    .update(pushOutbox)
    .set({
      nextAttemptAt: input.at,
      leaseOwner: null,
      leaseUntil: null,
      lastError: input.error.slice(0, 300),
      updatedAt: now,
    })
    .where(held(input.id, input.owner));
  return result.affectedRows > 0;
}

/**
 * Sends the user's current ping again if its push went out already (a browser subscribed after
 * it): the row is due again, and only subscriptions that lack the ping get it. Rows that were
 * dropped (quiet hours, answered, given up) stay so. True when a row was reopened.
 */
export async function reopenCurrentPush(
  db: Executor,
  userId: string,
  now = new Date(),
): Promise<boolean> {
  const [result] = await db
    .update(pushOutbox)
    .set({ state: 'pending', nextAttemptAt: now, finishedAt: null, updatedAt: now })
    .where(
      and(
        eq(pushOutbox.userId, userId),
        eq(pushOutbox.state, 'sent'),
        gt(pushOutbox.expiresAt, now),
      ),
    );
  return result.affectedRows > 0;
}

/** An outbox row as support and tests read it. */
export type PushOutboxRow = typeof pushOutbox.$inferSelect;

export async function listPushOutbox(db: Executor, userId: string): Promise<PushOutboxRow[]> {
  return db
    .select()
    .from(pushOutbox)
    .where(eq(pushOutbox.userId, userId))
    .orderBy(asc(pushOutbox.ping));
}

/** Deletes up to `limit` finished rows that ended before `before`; how many went. */
export async function prunePushOutbox(
  db: Executor,
  input: { before: Date; limit: number },
): Promise<number> {
  const [result] = await db
    .delete(pushOutbox)
    .where(and(ne(pushOutbox.state, 'pending'), lt(pushOutbox.finishedAt, input.before)))
    .limit(input.limit);
  return result.affectedRows;
}
