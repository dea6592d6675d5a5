import 'server-only';
import {
  DbError,
  getTenant,
  isDbError,
  recordAuditEvent,
  recordRefusal,
  type StaffRole,
  type TenantRole,
  type TenantWithRole,
  type User,
} from '@tagtime/db';
import { unstable_rethrow } from 'next/navigation';
import type { z } from 'zod';
import { currentSession, currentUser } from '@/auth';
import type { ActionResult } from './action-result';
import { db } from './db';
import { LogServerError } from './log-server';
import { TENANT_ROLES_AT_LEAST, tenantRoleSatisfies } from './roles';
import { crossSiteRefusal } from './same-origin';
import { type StaffMember, staffRoleFor } from './staff';

export type { ActionResult } from './action-result';

/**
 * The guard family. Every server action and route handler is one of these (a test lists them
 * all): each checks on the server, every time, who is acting and whether they may, and validates
 * the input with the same zod schema the form uses, before the handler runs. Expected failures
 * (DbError) come back as messages; anything else is a bug and throws.
 *
 *   withInput(schema, handler)              anyone (sign-up, forgotten password)
 *   withUser(schema, handler)               a signed-in user
 *   withTenantRole(role, schema, handler)   a member of the input's tenant with at least `role`
 *   withStaff(role, schema, handler)        staff holding `role` (staff-admin covers support)
 *   withUserRoute(schema, handler)          a route handler for a signed-in user
 *   withStaffRoute(role, schema, handler)   a route handler for staff holding `role`
 *
 * An action guard given `{ audit: 'tenant.invite' }` writes one audit row per attempt by a
 * signed-in person, once its outcome is known: `ok` after the handler returned (or redirected),
 * `refused` with the code when the role, the input or the change itself (a DbError) refused it,
 * so a refused attempt never reads as if it happened. The handler may add to its row with
 * `audit({ action?, tenantId?, subjectUserId?, reason? })` (a tenant action's tenant is added).
 */

/** What an audit row says beyond its actor: the action and what it concerns. */
export interface AuditNote {
  action?: string;
  tenantId?: string;
  subjectUserId?: string;
  reason?: string;
}

export interface AuditOptions {
  /** The action's name in the audit trail, e.g. `tenant.invite`. */
  audit?: string;
}

/** Adds to the attempt's audit row (what it concerns, why); written when the outcome is known. */
export type Audit = (note: AuditNote) => void;

/** The audit row of one attempt, written once with its outcome. */
class AuditedAttempt {
  #note: AuditNote;

  constructor(
    private readonly action: string | undefined,
    private readonly actor: { userId: string; role: string },
    note: AuditNote = {},
  ) {
    this.#note = note;
  }

  readonly add: Audit = (note) => {
    this.#note = { ...this.#note, ...note };
  };

  actingAs(role: string): void {
    this.actor.role = role;
  }

  #row() {
    const { action = this.action, ...concerns } = this.#note;
    return action === undefined
      ? undefined
      : { actorUserId: this.actor.userId, actorRole: this.actor.role, action, ...concerns };
  }

  async ok(): Promise<void> {
    const row = this.#row();
    if (row) await recordAuditEvent(db(), row);
  }

  async refused(code: string): Promise<void> {
    const row = this.#row();
    if (row) await recordRefusal(db(), row, code);
  }
}

/** A tenant id as the raw input names it, for the row of an attempt whose input was refused. */
function namedTenant(input: unknown): string | undefined {
  const tenantId = (raw(input) as { tenantId?: unknown } | null)?.tenantId;
  return typeof tenantId === 'string' && tenantId.length <= 32 ? tenantId : undefined;
}

/** Next's redirect and notFound travel as errors; they end an action that did its work. */
function isNextControlFlow(error: unknown): boolean {
  try {
    unstable_rethrow(error);
    return false;
  } catch {
    return true;
  }
}

/** A guarded action: called with the schema's input from code, or with a form's FormData. */
export type Action<S extends z.ZodType, T> = (
  input: z.input<S> | FormData,
) => Promise<ActionResult<T>>;

const SESSION_ENDED = 'Your session has ended. Sign in again.';

/** Form actions pass FormData; everything else passes a plain object. */
function raw(input: unknown): unknown {
  return input instanceof FormData ? Object.fromEntries(input) : input;
}

function parse<S extends z.ZodType>(
  schema: S,
  input: unknown,
): { ok: true; data: z.output<S> } | { ok: false; code: 'invalid_input'; message: string } {
  const parsed = schema.safeParse(raw(input));
  if (parsed.success) return { ok: true, data: parsed.data };
  return {
    ok: false,
    code: 'invalid_input',
    message: parsed.error.issues[0]?.message ?? 'Check the form.',
  };
}

async function answer<T>(
  handler: () => Promise<T>,
  attempt?: AuditedAttempt,
): Promise<ActionResult<T>> {
  let data: T;
  try {
    data = await handler();
  } catch (error) {
    if (isDbError(error)) {
      await attempt?.refused(error.code);
      return { ok: false, code: error.code, message: error.message };
    }
    // The log server down or refusing is expected too: the person hears which.
    if (error instanceof LogServerError) {
      await attempt?.refused(`log_server_${error.problem}`);
      return { ok: false, code: `log_server_${error.problem}`, message: error.message };
    }
    if (isNextControlFlow(error)) await attempt?.ok();
    throw error;
  }
  await attempt?.ok();
  return { ok: true, data };
}

/** A public action: input is validated, nobody needs to be signed in. */
export function withInput<S extends z.ZodType, T>(
  schema: S,
  handler: (input: z.output<S>) => Promise<T>,
): Action<S, T> {
  return async (input) => {
    const parsed = parse(schema, input);
    if (!parsed.ok) return parsed;
    return answer(() => handler(parsed.data));
  };
}

/** An action of a signed-in, not deleted user (audited as `self` with `{ audit }`). */
export function withUser<S extends z.ZodType, T>(
  schema: S,
  handler: (input: z.output<S>, context: { user: User; audit: Audit }) => Promise<T>,
  options: AuditOptions = {},
): Action<S, T> {
  return async (input) => {
    const user = await currentUser();
    if (!user) return { ok: false, code: 'unauthorized', message: SESSION_ENDED };
    const attempt = new AuditedAttempt(options.audit, { userId: user.id, role: 'self' });
    const parsed = parse(schema, input);
    if (!parsed.ok) {
      await attempt.refused(parsed.code);
      return parsed;
    }
    return answer(() => handler(parsed.data, { user, audit: attempt.add }), attempt);
  };
}

/**
 * An action on the tenant named by the input's `tenantId`, for a member holding at least
 * `role` there. Someone outside the tenant hears the same as for a tenant that does not exist.
 */
export function withTenantRole<S extends z.ZodType<{ tenantId: string }>, T>(
  role: TenantRole,
  schema: S,
  handler: (
    input: z.output<S>,
    context: { user: User; tenant: TenantWithRole; audit: Audit },
  ) => Promise<T>,
  options: AuditOptions = {},
): Action<S, T> {
  return async (input) => {
    const user = await currentUser();
    if (!user) return { ok: false, code: 'unauthorized', message: SESSION_ENDED };
    // Until the membership is known, the actor holds no role here.
    const attempt = new AuditedAttempt(
      options.audit,
      { userId: user.id, role: 'none' },
      { tenantId: namedTenant(input) },
    );
    const parsed = parse(schema, input);
    if (!parsed.ok) {
      await attempt.refused(parsed.code);
      return parsed;
    }
    return answer(async () => {
      const tenant = await getTenant(db(), { userId: user.id, tenantId: parsed.data.tenantId });
      attempt.actingAs(tenant.role);
      if (!tenantRoleSatisfies(tenant.role, role)) {
        throw new DbError(
          'forbidden',
          `This needs the role ${TENANT_ROLES_AT_LEAST[role].join(' or ')} in ${tenant.name}; you are ${tenant.role}.`,
        );
      }
      return handler(parsed.data, { user, tenant, audit: attempt.add });
    }, attempt);
  };
}

/**
 * A staff action: the staff role is checked on the server. With `{ audit }` every attempt
 * leaves its row (see above); customers, refused, hear that the action needs a staff role.
 */
export function withStaff<S extends z.ZodType, T>(
  role: StaffRole,
  schema: S,
  handler: (input: z.output<S>, context: StaffMember & { audit: Audit }) => Promise<T>,
  options: AuditOptions = {},
): Action<S, T> {
  return async (input) => {
    const user = await currentUser();
    if (!user) return { ok: false, code: 'unauthorized', message: SESSION_ENDED };
    const actingAs = await staffRoleFor(user, role);
    const attempt = new AuditedAttempt(options.audit, {
      userId: user.id,
      role: actingAs ?? 'none',
    });
    if (!actingAs) {
      await attempt.refused('forbidden');
      return { ok: false, code: 'forbidden', message: `This needs the ${role} staff role.` };
    }
    const parsed = parse(schema, input);
    if (!parsed.ok) {
      await attempt.refused(parsed.code);
      return parsed;
    }
    return answer(() => handler(parsed.data, { user, actingAs, audit: attempt.add }), attempt);
  };
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
    const query = Object.fromEntries(new URL(request.url).searchParams);
    const parsed = schema.safeParse(query);
    if (!parsed.success) {
      return errorResponse(400, 'invalid_input', parsed.error.issues[0]?.message ?? 'Bad query.');
    }
    return handler(request, parsed.data, { user });
  };
}

export function errorResponse(status: number, code: string, message: string): Response {
  return Response.json({ error: { code, message } }, { status });
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
    if (!session) return errorResponse(401, 'unauthorized', 'Sign in first.');
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
    const query = Object.fromEntries(new URL(request.url).searchParams);
    const parsed = schema.safeParse(query);
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
