import { index, mysqlEnum, mysqlTable, uniqueIndex, varchar } from 'drizzle-orm/mysql-core';
import { createdAt, idColumn, utcDatetime } from './columns.js';
import { tenantRoleValues, tenants } from './tenants.js';
import { users } from './users.js';

/**
 * An invitation to a tenant. The link carries a random token; only its SHA-256 is stored. A
 * link works once, until it expires or a manager revokes it; accepting re-checks all of that
 * and the inviter's rights in the transaction that adds the member.
 */
export const invites = mysqlTable(
  'invites',
  {
    id: idColumn().primaryKey(),
    tenantId: idColumn('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    /** Stored trimmed and lower-cased, like users.email. */
    email: varchar('email', { length: 254 }).notNull(),
    role: mysqlEnum('role', tenantRoleValues).notNull(),
    invitedBy: idColumn('invited_by')
      .notNull()
      .references(() => users.id),
    tokenHash: varchar('token_hash', { length: 64 }).notNull(),
    createdAt: createdAt(),
    expiresAt: utcDatetime('expires_at').notNull(),
    acceptedAt: utcDatetime('accepted_at'),
    acceptedBy: idColumn('accepted_by').references(() => users.id),
    revokedAt: utcDatetime('revoked_at'),
  },
  (t) => [
    uniqueIndex('invites_token_hash_unique').on(t.tokenHash),
    index('invites_tenant_idx').on(t.tenantId, t.createdAt),
  ],
);
