import { index, mysqlTable, varchar } from 'drizzle-orm/mysql-core';
import { createdAt, idColumn, utcDatetime } from './columns.js';
import { users } from './users.js';

/**
 * One row per console sign-in. The session cookie is a signed JWT naming this row; the console
 * checks the row on every request, so ending it (sign-out, a password change or reset, "sign
 * out everywhere") ends the session at once, even for a copy of the cookie.
 */
export const sessions = mysqlTable(
  'sessions',
  {
    id: idColumn().primaryKey(),
    userId: idColumn('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    expiresAt: utcDatetime('expires_at').notNull(),
    endedAt: utcDatetime('ended_at'),
    /**
     * When this session passed its second factor (a passkey, a TOTP code or a recovery code):
     * the verified claim every guard of staff pages and the admin API requires.
     */
    secondFactorAt: utcDatetime('second_factor_at'),
    /** The pending WebAuthn challenge of this session (enrolment or sign-in), base64url. */
    webauthnChallenge: varchar('webauthn_challenge', { length: 128 }),
    /** What the sessions list shows: the browser, its address, and when it was last used. */
    userAgent: varchar('user_agent', { length: 400 }),
    address: varchar('address', { length: 64 }),
    lastSeenAt: utcDatetime('last_seen_at'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);
