import 'server-only';
import type { StaffRole, User } from '@tagtime/db';
import type { z } from 'zod';
import { currentSession, currentUser } from '@/auth';
import { crossSiteRefusal } from '../same-origin';
import { auditMissingSecondFactor, type StaffMember, staffRoleFor } from '../staff';
import { AuditedAttempt } from './audited-attempt';

/** The one error shape of the console's route handlers: `{ error: { code, message } }`. */
export function errorResponse(status: number, code: string, message: string): Response {
  return Response.json({ error: { code, message } }, { status });
}

/** The query string as the route's schema reads it. */
function queryOf(request: Request): Record<string, string> {
  return Object.fromEntries(new URL(request.url).searchParams);
}

/**
 * A route handler for a signed-in user, its query string validated with `schema`. Errors are
 * JSON `{ error: { code, message } }`: 401 without a session, 400 for a bad query; a method
 * that changes state must come from the console's own origin (403, 415: see same-origin.ts).
 */
export function withUserRoute<S extends z.ZodType>(
  schema: S,
  handler: (request: Request, query: z.output<S>, context: { user: User }) => Promise<Response>,
): (request: Request) => Promise<Response> {
  return async (request) => {
    const forged = crossSiteRefusal(request);
    if (forged) return errorResponse(forged.status, forged.code, forged.message);
    const user = await currentUser();
    if (!user) return errorResponse(401, 'unauthorized', 'Sign in first.');
    const parsed = schema.safeParse(queryOf(request));
    if (!parsed.success) {
      return errorResponse(400, 'invalid_input', parsed.error.issues[0]?.message ?? 'Bad query.');
    }
    return handler(request, parsed.data, { user });
  };
}

/**
 * A route handler for staff holding `role` (staff-admin covers support), its query string
 * validated with `schema`. Customers get the same 404 as for a page that does not exist: the
 * staff area does not announce itself. The route's params are passed on. A method that changes
 * state is checked for its origin first, as in withUserRoute. The session's id is passed on for
 * handlers whose answer outlives the request (a live tail checks the session again).
 */
export function withStaffRoute<S extends z.ZodType, P>(
  role: StaffRole,
  schema: S,
  handler: (
    request: Request,
    query: z.output<S>,
    context: StaffMember & { params: P; sessionId: string },
  ) => Promise<Response>,
): (request: Request, route: { params: Promise<P> }) => Promise<Response> {
  return async (request, route) => {
    const forged = crossSiteRefusal(request);
    if (forged) return errorResponse(forged.status, forged.code, forged.message);
    const session = await currentSession();
    if (!session) {
      await auditMissingSecondFactor('staff.api');
      return errorResponse(401, 'unauthorized', 'Sign in first.');
    }
    const { user, sessionId } = session;
    const actingAs = await staffRoleFor(user, role);
    // A refused call is audited as refused (the reads it would have made audit themselves).
    const refused = new AuditedAttempt(
      'staff.api',
      { userId: user.id, role: actingAs ?? 'none' },
      { reason: new URL(request.url).pathname.slice(0, 300) },
    );
    if (!actingAs) {
      await refused.refused('not_found');
      return errorResponse(404, 'not_found', 'There is nothing here.');
    }
    const parsed = schema.safeParse(queryOf(request));
    if (!parsed.success) {
      await refused.refused('invalid_input');
      return errorResponse(400, 'invalid_input', parsed.error.issues[0]?.message ?? 'Bad query.');
    }
    return handler(request, parsed.data, {
      user,
      actingAs,
      sessionId,
      params: await route.params,
    });
  };
}
