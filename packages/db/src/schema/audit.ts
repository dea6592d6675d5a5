import { sql } from 'drizzle-orm';
import { bigint, check, index, int, mysqlEnum, mysqlTable, varchar } from 'drizzle-orm/mysql-core';
import { createdAt, idColumn, utcDatetime } from './columns.js';
import { tenants } from './tenants.js';
import { users } from './users.js';

/** `ok`: the action happened. `refused`: authorization, validation or a rule refused it. */
export const auditOutcomeValues = ['ok', 'refused'] as const;
export type AuditOutcome = (typeof auditOutcomeValues)[number];

/**
 * Who did what, acting as which role, on which tenant or user, when, why, and whether it
 * happened. Append-only: triggers in the migrations refuse UPDATE and DELETE, so no code path
 * can rewrite history.
 */
export const auditEvents = mysqlTable(
  'audit_events',
  {
    id: bigint('id', { mode: 'number', unsigned: true }).autoincrement().primaryKey(),
    actorUserId: idColumn('actor_user_id')
      .notNull()
      .references(() => users.id),
    /** A tenant role, a staff role, `system`, or `none` (someone refused for holding no role). */
    actorRole: varchar('actor_role', { length: 32 }).notNull(),
    action: varchar('action', { length: 64 }).notNull(),
    tenantId: idColumn('tenant_id').references(() => tenants.id),
    subjectUserId: idColumn('subject_user_id').references(() => users.id),
    reason: varchar('reason', { length: 500 }),
    requestId: varchar('request_id', { length: 64 }),
    outcome: mysqlEnum('outcome', auditOutcomeValues).notNull().default('ok'),
    /** The error code that refused it (`forbidden`, `invalid_input`, …); only when refused. */
    refusalCode: varchar('refusal_code', { length: 64 }),
    createdAt: createdAt(),
  },
  (t) => [
    check(
      'audit_events_refusal_code',
      sql`(${t.outcome} = 'ok' and ${t.refusalCode} is null) or (${t.outcome} = 'refused' and ${t.refusalCode} is not null)`,
    ),
    index('audit_events_tenant_idx').on(t.tenantId, t.id),
    index('audit_events_subject_idx').on(t.subjectUserId, t.id),
    index('audit_events_actor_idx').on(t.actorUserId, t.id),
    index('audit_events_action_idx').on(t.action, t.id),
    index('audit_events_created_idx').on(t.createdAt, t.id),
  ],
);

/**
 * One staff intent (a page view or a query) and how many reads it made: its audit row is
 * written before the first read, and later reads of the same intent count here, so the trail
 * has one row per intent and no read goes unaudited. The audit row stays append-only; only
 * this counter changes.
 */
export const auditIntents = mysqlTable('audit_intents', {
  id: varchar('id', { length: 64 }).primaryKey(),
  /** Null only inside the transaction that writes the intent's first row. */
  eventId: bigint('event_id', { mode: 'number', unsigned: true }).references(() => auditEvents.id),
  actorUserId: idColumn('actor_user_id').notNull(),
  subjectUserId: idColumn('subject_user_id'),
  reads: int('reads').notNull().default(0),
  createdAt: createdAt(),
  lastReadAt: utcDatetime('last_read_at'),
});
