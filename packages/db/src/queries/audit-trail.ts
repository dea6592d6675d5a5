import { and, desc, eq, gte, like, lt, lte, or, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/mysql-core';
import { z } from 'zod';
import type { Executor } from '../client.js';
import { DbError } from '../errors.js';
import { auditEvents, auditIntents, auditOutcomeValues } from '../schema/audit.js';
import { tenants } from '../schema/tenants.js';
import { users } from '../schema/users.js';
import { parseInput } from '../validation.js';
import type { AuditEvent } from './audit.js';

export type NamedAuditEvent = AuditEvent & {
  actorName: string;
  actorEmail: string;
  tenantName: string | null;
  subjectName: string | null;
  subjectEmail: string | null;
  /** The reads counted on the row's intent (staff log reads); null for other rows. */
  reads: number | null;
};

/** A page position: the last row's time (ms) and id, `1796…_123`. */
const cursorPattern = /^(\d{1,15})_(\d{1,20})$/;

const person = z.string().trim().max(254);

export const auditTrailFilterSchema = z.object({
  /** The actor's or subject's id or email (exact). */
  actor: person.optional(),
  subject: person.optional(),
  /** An action (`logs.read`), or a family with a trailing `*` (`logs.*`). */
  action: z
    .string()
    .trim()
    .max(64)
    .regex(/^[a-z0-9_.-]*\*?$/, 'An action is like tenant.invite, or logs.* for a family.')
    .optional(),
  outcome: z.enum(auditOutcomeValues).optional(),
  from: z.date().optional(),
  to: z.date().optional(),
  /** Words in the reason (or refusal code), as typed. */
  q: z.string().trim().max(200).optional(),
  cursor: z
    .string()
    .regex(cursorPattern, 'That page position is not one this list made.')
    .optional(),
  limit: z.number().int().min(1).max(1000).default(50),
});

export type AuditTrailFilter = z.input<typeof auditTrailFilterSchema>;

export interface AuditTrailPage {
  events: NamedAuditEvent[];
  /** Pass back as `cursor` for the next (older) page; undefined on the last page. */
  next: string | undefined;
}

/** LIKE's own characters typed by a person mean themselves. */
function literal(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * The audit trail as people read it, newest first, with names: filtered by actor, subject,
 * action (or family), outcome, time range and words of the reason, in keyset pages on
 * (created_at, id) so a page costs the same however deep.
 */
export async function searchAuditTrail(
  db: Executor,
  input: AuditTrailFilter = {},
): Promise<AuditTrailPage> {
  const filter = parseInput(auditTrailFilterSchema, input);
  const actor = alias(users, 'actor');
  const subject = alias(users, 'subject');
  const conditions: (SQL | undefined)[] = [];
  if (filter.actor) {
    conditions.push(or(eq(actor.id, filter.actor), eq(actor.email, filter.actor.toLowerCase())));
  }
  if (filter.subject) {
    conditions.push(
      or(eq(subject.id, filter.subject), eq(subject.email, filter.subject.toLowerCase())),
    );
  }
  if (filter.action) {
    conditions.push(
      filter.action.endsWith('*')
        ? like(auditEvents.action, `${literal(filter.action.slice(0, -1))}%`)
        : eq(auditEvents.action, filter.action),
    );
  }
  if (filter.outcome) conditions.push(eq(auditEvents.outcome, filter.outcome));
  if (filter.from) conditions.push(gte(auditEvents.createdAt, filter.from));
  if (filter.to) conditions.push(lte(auditEvents.createdAt, filter.to));
  if (filter.q) {
    const words = `%${literal(filter.q)}%`;
    conditions.push(or(like(auditEvents.reason, words), like(auditEvents.refusalCode, words)));
  }
  if (filter.cursor) {
    const [, ms, id] = cursorPattern.exec(filter.cursor) ?? [];
    const at = new Date(Number(ms));
    if (Number.isNaN(at.getTime())) throw new DbError('invalid_input', 'Bad page position.');
    conditions.push(
      or(
        lt(auditEvents.createdAt, at),
        and(eq(auditEvents.createdAt, at), lt(auditEvents.id, Number(id))),
      ),
    );
  }
  const rows = await db
    .select({
      id: auditEvents.id,
      actorUserId: auditEvents.actorUserId,
      actorRole: auditEvents.actorRole,
      action: auditEvents.action,
      tenantId: auditEvents.tenantId,
      subjectUserId: auditEvents.subjectUserId,
      reason: auditEvents.reason,
      requestId: auditEvents.requestId,
      outcome: auditEvents.outcome,
      refusalCode: auditEvents.refusalCode,
      createdAt: auditEvents.createdAt,
      actorName: actor.name,
      actorEmail: actor.email,
      tenantName: tenants.name,
      subjectName: subject.name,
      subjectEmail: subject.email,
      reads: auditIntents.reads,
    })
    .from(auditEvents)
    .innerJoin(actor, eq(actor.id, auditEvents.actorUserId))
    .leftJoin(tenants, eq(tenants.id, auditEvents.tenantId))
    .leftJoin(subject, eq(subject.id, auditEvents.subjectUserId))
    .leftJoin(auditIntents, eq(auditIntents.eventId, auditEvents.id))
    .where(and(...conditions))
    .orderBy(desc(auditEvents.createdAt), desc(auditEvents.id))
    .limit(filter.limit + 1);
  const events = rows.slice(0, filter.limit);
  const last = events.at(-1);
  return {
    events,
    next: rows.length > filter.limit && last ? `${last.createdAt.getTime()}_${last.id}` : undefined,
  };
}
