import {
  bigint,
  index,
  int,
  mysqlEnum,
  mysqlTable,
  uniqueIndex,
  varchar,
} from 'drizzle-orm/mysql-core';
import { createdAt, idColumn, updatedAt, utcDatetime } from './columns.js';
import { devices } from './devices.js';
import { users } from './users.js';

/**
 * A browser's Web Push subscription (the Push API's `PushSubscription`), registered by the
 * device it belongs to: at most one per device, removed when the device is revoked or
 * unsubscribes, or when the push service answers 404/410.
 */
export const pushSubscriptions = mysqlTable(
  'push_subscriptions',
  {
    deviceId: varchar('device_id', { length: 64 })
      .primaryKey()
      .references(() => devices.id, { onDelete: 'cascade' }),
    userId: idColumn('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** The push service's URL for this browser (https; its host on the server's allow list). */
    endpoint: varchar('endpoint', { length: 1024 }).notNull(),
    /** The browser's P-256 public key (65 bytes) and auth secret (16 bytes), base64url. */
    p256dh: varchar('p256dh', { length: 100 }).notNull(),
    auth: varchar('auth', { length: 32 }).notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    /**
     * The latest ping this subscription was sent (or given up on for good): a retried outbox
     * row sends only to the subscriptions that still lack its ping.
     */
    lastPing: bigint('last_ping', { mode: 'number' }),
  },
  (t) => [index('push_subscriptions_user_idx').on(t.userId)],
);

export const pushOutboxStateValues = ['pending', 'sent', 'dropped'] as const;
export type PushOutboxState = (typeof pushOutboxStateValues)[number];

/**
 * Work that must happen once across server processes (DESIGN.md, the outbox decision): one row
 * per (user, ping), claimed with `SELECT … FOR UPDATE SKIP LOCKED` and a lease by whichever
 * process is free. A process that dies holding a lease leaves the row to the next one once the
 * lease runs out, so delivery is at least once; the ping is the message's stable id.
 */
export const pushOutbox = mysqlTable(
  'push_outbox',
  {
    id: bigint('id', { mode: 'number', unsigned: true }).autoincrement().primaryKey(),
    userId: idColumn('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** Unix seconds of the ping. */
    ping: bigint('ping', { mode: 'number' }).notNull(),
    state: mysqlEnum('state', pushOutboxStateValues).notNull().default('pending'),
    attempts: int('attempts').notNull().default(0),
    /** Who holds the row and until when; another process may take it once the time is past. */
    leaseOwner: varchar('lease_owner', { length: 64 }),
    leaseUntil: utcDatetime('lease_until'),
    nextAttemptAt: utcDatetime('next_attempt_at').notNull(),
    /** The next ping's time: a push not sent by then is dropped, never sent late. */
    expiresAt: utcDatetime('expires_at').notNull(),
    lastError: varchar('last_error', { length: 300 }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    finishedAt: utcDatetime('finished_at'),
  },
  (t) => [
    uniqueIndex('push_outbox_user_ping_unique').on(t.userId, t.ping),
    index('push_outbox_due_idx').on(t.state, t.nextAttemptAt),
  ],
);
