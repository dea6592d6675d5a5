import { sql } from 'drizzle-orm';
import {
  boolean,
  char,
  index,
  int,
  mysqlEnum,
  mysqlTable,
  uniqueIndex,
  varchar,
} from 'drizzle-orm/mysql-core';
import { createdAt, idColumn, utcDatetime } from './columns.js';
import { users } from './users.js';

/**
 * The kinds of sync protocol v1 (`DEVICE_KINDS` of `@tagtime/log/protocol`), written out here
 * because drizzle-kit loads this file on its own (test/device-kinds.test.ts keeps them equal).
 */
export const deviceKindValues = ['watch', 'phone', 'desktop', 'web', 'cli'] as const;
export type DeviceKind = (typeof deviceKindValues)[number];

export const devices = mysqlTable(
  'devices',
  {
    /** Also the device's log id (DESIGN.md, Records): 1–64 of [A-Za-z0-9_-]. */
    id: varchar('id', { length: 64 }).primaryKey(),
    userId: idColumn('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: varchar('name', { length: 100 }).notNull(),
    kind: mysqlEnum('kind', deviceKindValues).notNull(),
    /** SHA-256 hex of the device token; the token itself is never stored. */
    tokenHash: char('token_hash', { length: 64 }).notNull(),
    createdAt: createdAt(),
    lastSeenAt: utcDatetime('last_seen_at'),
    revokedAt: utcDatetime('revoked_at'),
    /**
     * How many of its own records the device said it still held unsent, at its last pull
     * (`unsent` of GET /v1/records), and when: what support reads as "behind".
     */
    unsentRecords: int('unsent_records'),
    unsentReportedAt: utcDatetime('unsent_reported_at'),
    /**
     * The web console's own device of this user (its `web`-kind writer of rename and delete
     * commands and imports): made on first use, not counted against the plan's device limit.
     */
    console: boolean('console').notNull().default(false),
    /** The user while this is their live console device, NULL otherwise: at most one each. */
    liveConsoleUser: varchar('live_console_user', { length: 32 }).generatedAlwaysAs(
      sql`if(console and revoked_at is null, user_id, null)`,
      { mode: 'stored' },
    ),
  },
  (t) => [
    uniqueIndex('devices_token_hash_unique').on(t.tokenHash),
    index('devices_user_idx').on(t.userId),
    uniqueIndex('devices_live_console_unique').on(t.liveConsoleUser),
  ],
);

export const pairingCodes = mysqlTable(
  'pairing_codes',
  {
    id: idColumn().primaryKey(),
    // VARCHAR, not CHAR: MariaDB refuses CHAR columns in the generated column below, because
    // their value would depend on the PAD_CHAR_TO_FULL_LENGTH sql_mode.
    code: varchar('code', { length: 8 }).notNull(),
    /**
     * The code while it is unused, NULL once used: its unique index allows one unused code per
     * value while keeping used codes as history (MariaDB has no partial indexes).
     */
    unusedCode: varchar('unused_code', { length: 8 }).generatedAlwaysAs(
      sql`if(used_at is null, code, null)`,
      { mode: 'stored' },
    ),
    userId: idColumn('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    expiresAt: utcDatetime('expires_at').notNull(),
    usedAt: utcDatetime('used_at'),
    deviceId: varchar('device_id', { length: 64 }).references(() => devices.id, {
      onDelete: 'set null',
    }),
  },
  (t) => [
    uniqueIndex('pairing_codes_unused_code_unique').on(t.unusedCode),
    index('pairing_codes_code_idx').on(t.code),
    index('pairing_codes_user_idx').on(t.userId),
  ],
);
