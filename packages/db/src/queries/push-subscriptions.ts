import {
  and,
  asc,
  eq,
  exists,
  getTableColumns,
  gt,
  isNull,
  lt,
  ne,
  or,
  type SQL,
  type SQLWrapper,
  sql,
} from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../client.js';
import { DbError } from '../errors.js';
import { devices } from '../schema/devices.js';
import { pushSubscriptions } from '../schema/push.js';
import { users } from '../schema/users.js';
import { parseInput } from '../validation.js';

/** A device's Web Push subscription, as the sender uses it. */
export type PushSubscription = typeof pushSubscriptions.$inferSelect;

const base64url = (bytes: number) =>
  z
    .string()
    .regex(/^[A-Za-z0-9_-]+={0,2}$/, 'must be base64url')
    .refine((text) => Buffer.from(text, 'base64url').length === bytes, `must be ${bytes} bytes`);

/** What a device registers: the fields of a `PushSubscription`'s JSON that sending needs. */
export const pushSubscriptionInput = z.object({
  endpoint: z
    .string()
    .max(1024)
    .refine((text) => URL.canParse(text) && new URL(text).protocol === 'https:', 'must be https'),
  p256dh: base64url(65),
  auth: base64url(16),
});

/**
 * Registers `deviceId`'s subscription, replacing the one it had (one per device). Another device
 * of the same user holding the same endpoint loses it: the browser was paired again, and one
 * browser gets one push per ping. Other users' rows are never touched.
 */
export async function savePushSubscription(
  db: Executor,
  input: { userId: string; deviceId: string; endpoint: string; p256dh: string; auth: string },
  now = new Date(),
): Promise<PushSubscription> {
  const { endpoint, p256dh, auth } = parseInput(pushSubscriptionInput, input);
  return db.transaction(async (tx) => {
    const [device] = await tx
      .select({ userId: devices.userId, revokedAt: devices.revokedAt })
      .from(devices)
      .where(eq(devices.id, input.deviceId))
      .for('update');
    if (!device || device.userId !== input.userId) {
      throw new DbError('not_found', `No device has the id ${input.deviceId}.`);
    }
    if (device.revokedAt) throw new DbError('device_revoked', 'This device has been revoked.');
    await tx
      .delete(pushSubscriptions)
      .where(
        and(
          eq(pushSubscriptions.userId, input.userId),
          eq(pushSubscriptions.endpoint, endpoint),
          ne(pushSubscriptions.deviceId, input.deviceId),
        ),
      );
    const [existing] = await tx
      .select()
      .from(pushSubscriptions)
      .where(eq(pushSubscriptions.deviceId, input.deviceId));
    if (existing) {
      // A new endpoint is a new subscription: it has been sent nothing yet.
      const lastPing = existing.endpoint === endpoint ? existing.lastPing : null;
      await tx
        .update(pushSubscriptions)
        .set({ endpoint, p256dh, auth, lastPing, updatedAt: now })
        .where(eq(pushSubscriptions.deviceId, input.deviceId));
    } else {
      await tx.insert(pushSubscriptions).values({
        deviceId: input.deviceId,
        userId: input.userId,
        endpoint,
        p256dh,
        auth,
        createdAt: now,
        updatedAt: now,
        lastPing: null,
      });
    }
    const [saved] = await tx
      .select()
      .from(pushSubscriptions)
      .where(eq(pushSubscriptions.deviceId, input.deviceId));
    if (!saved) throw new Error('the subscription just saved is missing');
    return saved;
  });
}

/** The device's subscription, if it has one. */
export async function getPushSubscription(
  db: Executor,
  deviceId: string,
): Promise<PushSubscription | undefined> {
  const [row] = await db
    .select()
    .from(pushSubscriptions)
    .where(eq(pushSubscriptions.deviceId, deviceId));
  return row;
}

/**
 * Removes the device's subscription; with `endpoint`, only while it is still that one (a push
 * service's 404 for an old endpoint must not remove the one the browser registered since).
 * True when a row went.
 */
export async function deletePushSubscription(
  db: Executor,
  input: { deviceId: string; endpoint?: string },
): Promise<boolean> {
  const [result] = await db
    .delete(pushSubscriptions)
    .where(
      and(
        eq(pushSubscriptions.deviceId, input.deviceId),
        input.endpoint === undefined ? undefined : eq(pushSubscriptions.endpoint, input.endpoint),
      ),
    );
  return result.affectedRows > 0;
}

/** Live subscriptions: of devices not revoked, of users not deleted. */
const live = and(isNull(devices.revokedAt), isNull(users.deletedAt));

/** Live subscriptions of `userId` not sent `ping` yet (values, or columns of the statement). */
const lacking = (userId: string | SQLWrapper, ping: number | SQLWrapper) =>
  and(
    eq(pushSubscriptions.userId, userId),
    live,
    or(isNull(pushSubscriptions.lastPing), lt(pushSubscriptions.lastPing, ping)),
  );

/**
 * Whether a live subscription of `userId` has not been sent `ping` yet: SQL over columns of the
 * statement it goes in (the outbox's, when a push is finished).
 */
export function someSubscriptionLacks(db: Executor, userId: SQLWrapper, ping: SQLWrapper): SQL {
  return exists(
    db
      .select({ one: sql`1` })
      .from(pushSubscriptions)
      .innerJoin(devices, eq(devices.id, pushSubscriptions.deviceId))
      .innerJoin(users, eq(users.id, pushSubscriptions.userId))
      .where(lacking(userId, ping)),
  );
}

/**
 * Users with at least one live subscription, by id after `after`, at most `limit`: the sender
 * walks them in pages, so one pass's work is bounded.
 */
export async function listPushUsers(
  db: Executor,
  options: { after?: string; limit: number },
): Promise<string[]> {
  const rows = await db
    .selectDistinct({ userId: pushSubscriptions.userId })
    .from(pushSubscriptions)
    .innerJoin(devices, eq(devices.id, pushSubscriptions.deviceId))
    .innerJoin(users, eq(users.id, pushSubscriptions.userId))
    .where(
      and(
        live,
        options.after === undefined ? undefined : gt(pushSubscriptions.userId, options.after),
      ),
    )
    .orderBy(asc(pushSubscriptions.userId))
    .limit(options.limit);
  return rows.map((row) => row.userId);
}

/** The user's live subscriptions that have not been sent `ping` yet. */
export async function listPushSubscriptionsDue(
  db: Executor,
  input: { userId: string; ping: number },
): Promise<PushSubscription[]> {
  return db
    .select(getTableColumns(pushSubscriptions))
    .from(pushSubscriptions)
    .innerJoin(devices, eq(devices.id, pushSubscriptions.deviceId))
    .innerJoin(users, eq(users.id, pushSubscriptions.userId))
    .where(lacking(input.userId, input.ping))
    .orderBy(asc(pushSubscriptions.deviceId));
}

/** Records that the subscription (still at `endpoint`) has had `ping`; it never goes back. */
export async function markPushSubscriptionSent(
  db: Executor,
  input: { deviceId: string; endpoint: string; ping: number },
): Promise<void> {
  await db
    .update(pushSubscriptions)
    .set({ lastPing: sql`greatest(coalesce(${pushSubscriptions.lastPing}, 0), ${input.ping})` })
    .where(
      and(
        eq(pushSubscriptions.deviceId, input.deviceId),
        eq(pushSubscriptions.endpoint, input.endpoint),
      ),
    );
}
