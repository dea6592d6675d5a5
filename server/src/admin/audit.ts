import { getUser, recordAuditEvent } from '@tagtime/db';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';

export type AdminAction = 'logs.read' | 'logs.stream' | 'logs.stats';

/**
 * Records a staff read of a user's logs in `audit_events`; runs before the data is read, so no
 * read goes unrecorded. An unknown user is a 404 (and nothing to audit).
 */
export async function auditUserRead(
  app: FastifyInstance,
  request: FastifyRequest,
  action: AdminAction,
  subjectUserId: string,
): Promise<void> {
  const user = await getUser(app.db, subjectUserId);
  if (user === undefined) throw new AppError('not_found', `No user has the id ${subjectUserId}.`);
  await recordAuditEvent(app.db, {
    actorUserId: request.staff.userId,
    actorRole: request.staff.role,
    action,
    subjectUserId,
    reason: request.staff.reason ?? null,
    requestId: String(request.id).slice(0, 64),
  });
}
