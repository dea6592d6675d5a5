import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../client.js';
import { DbError } from '../errors.js';
import { auditIntents } from '../schema/audit.js';
import { parseInput } from '../validation.js';
import { type AuditEventInput, recordAuditEvent } from './audit.js';

/** An intent id as the console makes them (a UUID) or a request id: short, plain characters. */
export const INTENT_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

const intentInput = z.object({ intentId: z.string().regex(INTENT_ID_PATTERN) });

/**
 * Audits one read of a staff intent (DESIGN.md, "Staff audit by intent"): the first read of an
 * intent writes its audit row (with the reason) before it answers; every later read counts on
 * that row. Two reads of one intent at once are serialized by the intent's key, so the second
 * waits for the first's row and never reads unaudited. An intent belongs to one staff member
 * and one subject: naming it for another is DbError `forbidden`. Answers the row's id and the
 * reads counted so far (this one included).
 */
export async function auditIntentRead(
  db: Executor,
  input: AuditEventInput & { intentId: string; at?: Date },
): Promise<{ eventId: number; reads: number; first: boolean }> {
  const { intentId } = parseInput(intentInput, { intentId: input.intentId });
  const at = input.at ?? new Date();
  return db.transaction(async (tx) => {
    // Inserting takes the intent's key lock at once (an update, not a shared lock that two
    // readers would both try to upgrade): a second read of the intent waits here for the first.
    const [claimed] = await tx
      .insert(auditIntents)
      .values({
        id: intentId,
        eventId: null,
        actorUserId: input.actorUserId,
        subjectUserId: input.subjectUserId ?? null,
        reads: 1,
        createdAt: at,
        lastReadAt: at,
      })
      .onDuplicateKeyUpdate({ set: { reads: sql`${auditIntents.reads} + 1`, lastReadAt: at } });
    // MariaDB counts 1 for a new row and 2 for an updated one.
    const first = claimed.affectedRows === 1;
    if (first) {
      const event = await recordAuditEvent(tx, { ...input, at });
      await tx.update(auditIntents).set({ eventId: event.id }).where(eq(auditIntents.id, intentId));
    }
    const [intent] = await tx.select().from(auditIntents).where(eq(auditIntents.id, intentId));
    if (
      !intent?.eventId ||
      intent.actorUserId !== input.actorUserId ||
      (intent.subjectUserId ?? null) !== (input.subjectUserId ?? null)
    ) {
      // Thrown inside the transaction, so the count it made is undone too.
      throw new DbError('forbidden', 'This intent id belongs to another staff read.');
    }
    return { eventId: intent.eventId, reads: intent.reads, first };
  });
}
