import { mysqlEnum, mysqlTable, primaryKey, uniqueIndex, varchar } from 'drizzle-orm/mysql-core';
import { createdAt, idColumn, updatedAt, utcDatetime } from './columns.js';

export const users = mysqlTable(
  'users',
  {
    id: idColumn().primaryKey(),
    /** Stored trimmed and lower-cased, so uniqueness ignores case. */
    email: varchar('email', { length: 254 }).notNull(),
    passwordHash: varchar('password_hash', { length: 255 }).notNull(),
    name: varchar('name', { length: 100 }).notNull(),
    timeZone: varchar('time_zone', { length: 64 }).notNull().default('UTC'),
    /** When the person proved they read mail at `email`; NULL until then. */
    emailVerifiedAt: utcDatetime('email_verified_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: utcDatetime('deleted_at'),
  },
  (t) => [uniqueIndex('users_email_unique').on(t.email)],
);

export const staffRoleValues = ['support', 'staff-admin'] as const;
export type StaffRole = (typeof staffRoleValues)[number];

/** Global staff roles of the TagTime company, kept apart from the roles inside a tenant. */
export const staffRoles = mysqlTable(
  'staff_roles',
  {
    userId: idColumn('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: mysqlEnum('role', staffRoleValues).notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.role] })],
);
