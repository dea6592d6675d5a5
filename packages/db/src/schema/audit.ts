import { bigint, index, mysqlTable, varchar } from 'drizzle-orm/mysql-core';
import { createdAt, idColumn } from './columns.js';
import { tenants } from './tenants.js';
import { users } from './users.js';

/**
 * Who did what, acting as which role, on which tenant or user, when, why. Append-only: triggers
 * in the migrations refuse UPDATE and DELETE, so no code path can rewrite history.
 */
export const auditEvents = mysqlTable(
  'audit_events',
  {
    id: bigint('id', { mode: 'number', unsigned: true }).autoincrement().primaryKey(),
    actorUserId: idColumn('actor_user_id')
      .notNull()
      .references(() => users.id),
    /** A tenant role, a staff role, or `system`. */
    actorRole: varchar('actor_role', { length: 32 }).notNull(),
    action: varchar('action', { length: 64 }).notNull(),
    tenantId: idColumn('tenant_id').references(() => tenants.id),
    subjectUserId: idColumn('subject_user_id').references(() => users.id),
    reason: varchar('reason', { length: 500 }),
    requestId: varchar('request_id', { length: 64 }),
    createdAt: createdAt(),
  },
  (t) => [
    index('audit_events_tenant_idx').on(t.tenantId, t.id),
    index('audit_events_subject_idx').on(t.subjectUserId, t.id),
    index('audit_events_actor_idx').on(t.actorUserId, t.id),
  ],
);
