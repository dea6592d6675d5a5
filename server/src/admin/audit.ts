import { auditIntentRead, getUser, isDbError, recordRefusal, type User } from '@tagtime/db';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import { toAppError } from '../plugins/app/errors.js';

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

/**
 * Audits a read as part of its intent: the intent's first read writes its row (this action,
 * the reason) before anything is read; later reads count on that row. A read of a search across
 * users concerns no one user.
 */
export async function auditRead(
  app: FastifyInstance,
  request: FastifyRequest,
  action: AdminAction,
  subjectUserId: string | null = null,
): Promise<void> {
  try {
    await auditIntentRead(app.db, {
      intentId: request.staff.intentId,
      actorUserId: request.staff.userId,
      actorRole: request.staff.role,
      action,
      subjectUserId,
      reason: request.staff.reason,
      requestId: String(request.id).slice(0, 64),
    });
  } catch (error) {
    if (isDbError(error, 'forbidden')) throw new AppError('conflict', error.message);
    throw error;
  }
}

/** The audit action of each admin route, by the last part of its URL. */
const ACTIONS: Record<string, AdminAction> = {
  records: 'logs.read',
  facets: 'logs.facets',
  histogram: 'logs.histogram',
  context: 'logs.context',
  export: 'logs.export',
  pings: 'logs.pings',
  stream: 'logs.stream',
  stats: 'logs.stats',
  search: 'logs.search',
};

/**
 * `onError` hook of the admin API: a call by a known staff member that is refused (a missing
 * reason, a bad query, an unknown user) leaves a `refused` row with the error's code, so the
 * trail shows the attempt and never reads as if the read happened. Calls that name no staff
 * member (a wrong service credential) have no one to record; server faults are not refusals.
 */
export function auditRefusal(app: FastifyInstance) {
  return async (request: FastifyRequest, _reply: FastifyReply, error: FastifyError) => {
    if (!request.staff) return;
    const refusal = toAppError(error);
    if (refusal.status >= 500) return;
    const last = (request.routeOptions.url ?? '').split('/').at(-1) ?? '';
    const params = request.params as { userId?: unknown } | undefined;
    await recordRefusal(
      app.db,
      {
        actorUserId: request.staff.userId,
        actorRole: request.staff.role,
        action: ACTIONS[last] ?? 'logs.unknown',
        subjectUserId: typeof params?.userId === 'string' ? params.userId.slice(0, 32) : null,
        reason: request.staff.reason || null,
        requestId: String(request.id).slice(0, 64),
      },
      refusal.code,
    );
  };
}
