import { getUser, recordAuditEvent, type User } from '@tagtime/db';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';

export type AdminAction =
  | 'logs.read'
  | 'logs.facets'
  | 'logs.histogram'
  | 'logs.context'
  | 'logs.export'
  | 'logs.pings'
  | 'logs.stream'
  | 'logs.stats'
  | 'logs.search';

/**
 * Records a staff read of a user's logs in `audit_events`, with the staff member's reason; runs
 * before the data is read, so no read goes unrecorded. An unknown user is a 404 (and nothing to
 * audit). Resolves with the user.
 */
export async function auditUserRead(
  app: FastifyInstance,
  request: FastifyRequest,
  action: AdminAction,
  subjectUserId: string,
  /** The user, when the caller has looked them up already (undefined: unknown). */
  known?: { user: User | undefined },
): Promise<User> {
  const user = known ? known.user : await getUser(app.db, subjectUserId);
  if (user === undefined) throw new AppError('not_found', `No user has the id ${subjectUserId}.`);
  await auditRead(app, request, action, subjectUserId);
  return user;
}

/** The audit row of a read that concerns no one user in particular (a search across users). */
export async function auditRead(
  app: FastifyInstance,
  request: FastifyRequest,
  action: AdminAction,
  subjectUserId: string | null = null,
): Promise<void> {
  await recordAuditEvent(app.db, {
    actorUserId: request.staff.userId,
    actorRole: request.staff.role,
    action,
    subjectUserId,
    reason: request.staff.reason,
    requestId: String(request.id).slice(0, 64),
  });
}
