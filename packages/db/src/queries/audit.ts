import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../client.js';
import { DbError, isDbError, isMissingReferenceError } from '../errors.js';
import { auditEvents, auditOutcomeValues } from '../schema/audit.js';
import { parseInput } from '../validation.js';

export type AuditEvent = typeof auditEvents.$inferSelect;

const auditInput = z
  .object({
    actorUserId: z.string().min(1).max(32),
    actorRole: z.string().min(1).max(32),
    action: z.string().min(1).max(64),
    tenantId: z.string().min(1).max(32).nullish(),
    subjectUserId: z.string().min(1).max(32).nullish(),
    reason: z.string().max(500).nullish(),
    requestId: z.string().max(64).nullish(),
    outcome: z.enum(auditOutcomeValues).default('ok'),
    refusalCode: z.string().min(1).max(64).nullish(),
    at: z.date().optional(),
  })
  .refine((event) => (event.outcome === 'refused') === Boolean(event.refusalCode), {
    message: 'A refused event names its refusal code, and only a refused one.',
    path: ['refusalCode'],
  });

export type AuditEventInput = z.input<typeof auditInput>;

/**
 * Appends one event to the audit trail. The table refuses updates and deletes (triggers in the
 * migrations), so what is written here stays.
 */
export async function recordAuditEvent(db: Executor, input: AuditEventInput): Promise<AuditEvent> {
  const parsed = parseInput(auditInput, input);
  const row = {
    actorUserId: parsed.actorUserId,
    actorRole: parsed.actorRole,
    action: parsed.action,
    tenantId: parsed.tenantId ?? null,
    subjectUserId: parsed.subjectUserId ?? null,
    reason: parsed.reason ?? null,
    requestId: parsed.requestId ?? null,
    outcome: parsed.outcome,
    refusalCode: parsed.refusalCode ?? null,
    createdAt: parsed.at ?? new Date(),
  };
  try {
    const [result] = await db.insert(auditEvents).values(row);
    return { id: result.insertId, ...row };
  } catch (error) {
    if (isMissingReferenceError(error)) {
      throw new DbError(
        'invalid_input',
        'Invalid audit event: its actor, tenant or subject user does not exist.',
        { cause: error },
      );
    }
    throw error;
  }
}

export type AuditRefusalInput = Omit<AuditEventInput, 'outcome' | 'refusalCode'>;

/**
 * Records that an action was refused (by authorization, validation or a rule), with the code it
 * was refused with, so the trail never reads as if it happened. A refused request may name a
 * tenant or user that does not exist (a forged form): those ids are then kept in the reason
 * instead of as references, and the refusal is still recorded.
 */
export async function recordRefusal(
  db: Executor,
  input: AuditRefusalInput,
  code: string,
): Promise<AuditEvent> {
  const refused = { ...input, outcome: 'refused' as const, refusalCode: code.slice(0, 64) };
  try {
    return await recordAuditEvent(db, refused);
  } catch (error) {
    if (!isDbError(error, 'invalid_input') || !(input.tenantId || input.subjectUserId)) throw error;
    const named = [
      input.tenantId && `tenant ${input.tenantId}`,
      input.subjectUserId && `user ${input.subjectUserId}`,
    ]
      .filter(Boolean)
      .join(', ');
    const reason = [input.reason, `(named ${named}, which may not exist)`]
      .filter(Boolean)
      .join(' ')
      .slice(0, 500);
    return recordAuditEvent(db, { ...refused, tenantId: null, subjectUserId: null, reason });
  }
}

/**
 * Audit events, newest first, filtered by tenant, subject and/or actor. Pass the last `id` of a
 * page as `before` for the next page.
 */
export async function listAuditEvents(
  db: Executor,
  filter: {
    tenantId?: string;
    subjectUserId?: string;
    actorUserId?: string;
    before?: number;
    limit?: number;
  } = {},
): Promise<AuditEvent[]> {
  const conditions: SQL[] = [];
  if (filter.tenantId) conditions.push(eq(auditEvents.tenantId, filter.tenantId));
  if (filter.subjectUserId) conditions.push(eq(auditEvents.subjectUserId, filter.subjectUserId));
  if (filter.actorUserId) conditions.push(eq(auditEvents.actorUserId, filter.actorUserId));
  if (filter.before !== undefined) conditions.push(lt(auditEvents.id, filter.before));
  const limit = Math.min(Math.max(filter.limit ?? 100, 1), 1000);
  return db
    .select()
    .from(auditEvents)
    .where(and(...conditions))
    .orderBy(desc(auditEvents.id))
    .limit(limit);
}
