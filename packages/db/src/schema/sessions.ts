import { index, mysqlTable } from 'drizzle-orm/mysql-core';
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
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);
