import { bigint, index, mysqlTable, text, uniqueIndex, varchar } from 'drizzle-orm/mysql-core';
import { createdAt, idColumn, utcDatetime } from './columns.js';
import { users } from './users.js';

/**
 * A person's authenticator app (TOTP, RFC 6238). The secret must be readable to check codes, so
 * it is kept as given (base32); `confirmedAt` is set by the first code that matched, and only a
 * confirmed secret counts as a second factor. `lastTimeStep` refuses a code used twice.
 */
export const totpSecrets = mysqlTable('totp_secrets', {
  userId: idColumn('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  secret: varchar('secret', { length: 64 }).notNull(),
  confirmedAt: utcDatetime('confirmed_at'),
  lastTimeStep: bigint('last_time_step', { mode: 'number' }),
  createdAt: createdAt(),
});

/** A WebAuthn credential (passkey) registered by a person; its public key, base64url. */
export const passkeys = mysqlTable(
  'passkeys',
  {
    id: idColumn().primaryKey(),
    userId: idColumn('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** The authenticator's credential id, base64url (WebAuthn allows up to 1023 bytes). */
    credentialId: varchar('credential_id', { length: 512 }).notNull(),
    publicKey: text('public_key').notNull(),
    counter: bigint('counter', { mode: 'number' }).notNull().default(0),
    transports: varchar('transports', { length: 200 }),
    name: varchar('name', { length: 100 }).notNull(),
    createdAt: createdAt(),
    lastUsedAt: utcDatetime('last_used_at'),
  },
  (t) => [
    uniqueIndex('passkeys_credential_unique').on(t.credentialId),
    index('passkeys_user_idx').on(t.userId),
  ],
);

/**
 * One-time recovery codes, stored as SHA-256 digests: each code carries 60 random bits, so a
 * fast digest is as safe as a password hash would be and a code is found by its digest.
 */
export const recoveryCodes = mysqlTable(
  'recovery_codes',
  {
    id: idColumn().primaryKey(),
    userId: idColumn('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    codeDigest: varchar('code_digest', { length: 64 }).notNull(),
    createdAt: createdAt(),
    usedAt: utcDatetime('used_at'),
  },
  (t) => [
    uniqueIndex('recovery_codes_digest_unique').on(t.codeDigest),
    index('recovery_codes_user_idx').on(t.userId),
  ],
);
