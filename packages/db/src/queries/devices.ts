import { and, asc, eq, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../client.js';
import { DbError } from '../errors.js';
import { newId } from '../ids.js';
import { type DeviceKind, devices } from '../schema/devices.js';
import { pushSubscriptions } from '../schema/push.js';
import { memberships } from '../schema/tenants.js';
import { users } from '../schema/users.js';
import { generateDeviceToken, hashToken } from '../tokens.js';
import { deviceKindSchema, nameSchema, parseInput } from '../validation.js';
import { deviceLimitForUser } from './limits.js';
import { requireTenantRole } from './tenants.js';

/** A device as the rest of the system sees one: never with its token hash. */
export type Device = Omit<typeof devices.$inferSelect, 'tokenHash' | 'liveConsoleUser'>;

export interface AuthenticatedDevice {
  deviceId: string;
  userId: string;
  name: string;
  kind: DeviceKind;
}

const publicColumns = {
  id: devices.id,
  userId: devices.userId,
  name: devices.name,
  kind: devices.kind,
  createdAt: devices.createdAt,
  lastSeenAt: devices.lastSeenAt,
  revokedAt: devices.revokedAt,
  console: devices.console,
  unsentRecords: devices.unsentRecords,
  unsentReportedAt: devices.unsentReportedAt,
};

const newDeviceInput = z.object({ name: nameSchema, kind: deviceKindSchema });

/** Locks the user's row for the transaction; a missing or deleted user is `not_found`. */
async function lockActiveUser(tx: Executor, userId: string): Promise<void> {
  const [owner] = await tx
    .select({ id: users.id, deletedAt: users.deletedAt })
    .from(users)
    .where(eq(users.id, userId))
    .for('update');
  if (!owner || owner.deletedAt) {
    throw new DbError('not_found', `No active user has the id ${userId}.`);
  }
}

/**
 * The devices that count against the plan's device limit (DESIGN.md, Devices that count): every
 * unrevoked device that answers pings — watch, CLI, a browser's web pinger — and not the
 * console's own device. Pairing checks the limit with it and every page that shows a count
 * uses it, so they agree.
 */
export async function countPlanDevices(db: Executor, userId: string): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)`.mapWith(Number) })
    .from(devices)
    .where(and(eq(devices.userId, userId), isNull(devices.revokedAt), eq(devices.console, false)));
  return row?.count ?? 0;
}

/** How many devices count against the user's plan, and how many it allows. */
export async function planDeviceUsage(
  db: Executor,
  userId: string,
): Promise<{ counted: number; limit: number }> {
  const [counted, limit] = await Promise.all([
    countPlanDevices(db, userId),
    deviceLimitForUser(db, userId),
  ]);
  return { counted, limit };
}

/**
 * Inserts a device with a fresh token once the user's plan allows another one. Locks the user's
 * row first, so two pairings at once cannot both take the last free slot. Call inside a
 * transaction.
 */
export async function insertDevice(
  tx: Executor,
  input: { userId: string; name: string; kind: DeviceKind },
  now = new Date(),
): Promise<{ device: Device; token: string }> {
  const { name, kind } = parseInput(newDeviceInput, input);
  await lockActiveUser(tx, input.userId);
  const active = await countPlanDevices(tx, input.userId);
  const limit = await deviceLimitForUser(tx, input.userId);
  if (active >= limit) {
    throw new DbError(
      'device_limit',
      `This account already has ${limit} paired devices, the most its plan allows; revoke one or upgrade the plan.`,
    );
  }
  const token = generateDeviceToken();
  const device: Device = {
    id: newId('dev'),
    userId: input.userId,
    name,
    kind,
    createdAt: now,
    lastSeenAt: null,
    revokedAt: null,
    console: false,
    unsentRecords: null,
    unsentReportedAt: null,
  };
  await tx.insert(devices).values({ ...device, tokenHash: hashToken(token) });
  return { device, token };
}

/**
 * The user's console device — the web console writing for them (renames, deleted answers,
 * imports) — made on first use: a `web` device that the plan's device limit does not count.
 * Its token is `tokenFor(deviceId)`, which the console derives from its own secret instead of
 * storing one; when that secret changed, the stored hash follows it. Locks the user's row, so
 * two first uses at once make one device.
 */
export async function ensureConsoleDevice(
  db: Executor,
  input: { userId: string; tokenFor: (deviceId: string) => string },
  now = new Date(),
): Promise<{ device: Device; token: string }> {
  return db.transaction(async (tx) => {
    await lockActiveUser(tx, input.userId);
    const [live] = await tx
      .select({ ...publicColumns, tokenHash: devices.tokenHash })
      .from(devices)
      .where(
        and(eq(devices.userId, input.userId), eq(devices.console, true), isNull(devices.revokedAt)),
      );
    if (live) {
      const { tokenHash, ...device } = live;
      const token = input.tokenFor(device.id);
      if (tokenHash !== hashToken(token)) {
        await tx
          .update(devices)
          .set({ tokenHash: hashToken(token) })
          .where(eq(devices.id, device.id));
      }
      return { device, token };
    }
    const device: Device = {
      id: newId('dev'),
      userId: input.userId,
      name: 'Web console',
      kind: 'web',
      createdAt: now,
      lastSeenAt: null,
      revokedAt: null,
      console: true,
      unsentRecords: null,
      unsentReportedAt: null,
    };
    const token = input.tokenFor(device.id);
    await tx.insert(devices).values({ ...device, tokenHash: hashToken(token) });
    return { device, token };
  });
}

/** Creates a device directly (admin CLI, seed); the token is returned once and never stored. */
export async function createDevice(
  db: Executor,
  input: { userId: string; name: string; kind: DeviceKind },
): Promise<{ device: Device; token: string }> {
  return db.transaction((tx) => insertDevice(tx, input));
}

/** The device holding this token, unless it is unknown, revoked, or its user was deleted. */
export async function authenticateDeviceToken(
  db: Executor,
  token: string,
): Promise<AuthenticatedDevice | undefined> {
  if (token.length === 0 || token.length > 200) return undefined;
  const [row] = await db
    .select({
      deviceId: devices.id,
      userId: devices.userId,
      name: devices.name,
      kind: devices.kind,
    })
    .from(devices)
    .innerJoin(users, eq(users.id, devices.userId))
    .where(
      and(
        eq(devices.tokenHash, hashToken(token)),
        isNull(devices.revokedAt),
        isNull(users.deletedAt),
      ),
    );
  return row;
}

/**
 * Which of these devices may still sync: not revoked, user not deleted (the rule of
 * `authenticateDeviceToken`). One query, so the server can re-check every open stream at once.
 */
export async function activeDeviceIds(
  db: Executor,
  deviceIds: readonly string[],
): Promise<string[]> {
  if (deviceIds.length === 0) return [];
  const rows = await db
    .select({ id: devices.id })
    .from(devices)
    .innerJoin(users, eq(users.id, devices.userId))
    .where(
      and(inArray(devices.id, [...deviceIds]), isNull(devices.revokedAt), isNull(users.deletedAt)),
    );
  return rows.map((row) => row.id);
}

/** Records that the device was seen at `at`; last_seen never moves backwards. */
export async function touchDevice(db: Executor, deviceId: string, at = new Date()): Promise<void> {
  await db
    .update(devices)
    .set({ lastSeenAt: sql`greatest(coalesce(${devices.lastSeenAt}, ${at}), ${at})` })
    .where(eq(devices.id, deviceId));
}

/**
 * Records how many of its own records the device still holds unsent, as it said at `at`; an
 * older report (requests can overtake each other) never replaces a newer one.
 */
export async function reportUnsent(
  db: Executor,
  deviceId: string,
  count: number,
  at = new Date(),
): Promise<void> {
  await db
    .update(devices)
    .set({ unsentRecords: count, unsentReportedAt: at })
    .where(
      and(
        eq(devices.id, deviceId),
        or(isNull(devices.unsentReportedAt), lte(devices.unsentReportedAt, at)),
      ),
    );
}

export async function getDevice(db: Executor, deviceId: string): Promise<Device | undefined> {
  const [device] = await db.select(publicColumns).from(devices).where(eq(devices.id, deviceId));
  return device;
}

/** All devices of a user, revoked ones included (their logs still belong to the user). */
export async function listDevices(db: Executor, userId: string): Promise<Device[]> {
  return db
    .select(publicColumns)
    .from(devices)
    .where(eq(devices.userId, userId))
    .orderBy(asc(devices.createdAt), asc(devices.id));
}

/**
 * Revokes a device's token for good. With `userId`, a device of another user is reported as not
 * found, so the console cannot revoke (or discover) someone else's device. Revoking twice keeps
 * the first time. The device's Web Push subscription goes with it.
 */
export async function revokeDevice(
  db: Executor,
  deviceId: string,
  options: { userId?: string; at?: Date } = {},
): Promise<Device> {
  const device = await getDevice(db, deviceId);
  if (!device || (options.userId !== undefined && device.userId !== options.userId)) {
    throw new DbError('not_found', `No device has the id ${deviceId}.`);
  }
  if (device.revokedAt) return device;
  const revokedAt = options.at ?? new Date();
  await db.transaction(async (tx) => {
    await tx
      .update(devices)
      .set({ revokedAt })
      .where(and(eq(devices.id, deviceId), isNull(devices.revokedAt)));
    // A revoked device is sent no more pushes (the sender also skips revoked devices' rows).
    await tx.delete(pushSubscriptions).where(eq(pushSubscriptions.deviceId, deviceId));
  });
  return { ...device, revokedAt };
}

/** Renames a device of `userId`. */
export async function renameDevice(
  db: Executor,
  input: { userId: string; deviceId: string; name: string },
): Promise<Device> {
  const name = parseInput(nameSchema, input.name);
  const device = await getDevice(db, input.deviceId);
  if (!device || device.userId !== input.userId) {
    throw new DbError('not_found', `No device has the id ${input.deviceId}.`);
  }
  await db.update(devices).set({ name }).where(eq(devices.id, input.deviceId));
  return { ...device, name };
}

/** A member's device as a tenant's owners and admins see it: sync health, no log content. */
export interface MemberDevice extends Device {
  memberName: string;
  memberEmail: string;
}

/**
 * The devices of every member of a tenant, for its owners and admins (DbError `forbidden` for
 * anyone else): who syncs from what and when last, never a record.
 */
export async function listTenantMemberDevices(
  db: Executor,
  input: { userId: string; tenantId: string },
): Promise<MemberDevice[]> {
  await requireTenantRole(db, { ...input, roles: ['owner', 'admin'] });
  return db
    .select({ ...publicColumns, memberName: users.name, memberEmail: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(devices, eq(devices.userId, memberships.userId))
    .where(eq(memberships.tenantId, input.tenantId))
    .orderBy(asc(users.email), asc(devices.createdAt), asc(devices.id));
}
