import 'server-only';
import {
  DbError,
  getTenant,
  isDbError,
  type StaffRole,
  type TenantRole,
  type TenantWithRole,
  type User,
} from '@tagtime/db';
import type { z } from 'zod';
import { currentUser } from '@/auth';
import type { ActionResult } from './action-result';
import { db } from './db';
import { LogServerError } from './log-server';
import { auditStaff, type StaffMember, staffRoleFor } from './staff';

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
 */

/** A guarded action: called with the schema's input from code, or with a form's FormData. */
export type Action<S extends z.ZodType, T> = (
  input: z.input<S> | FormData,
) => Promise<ActionResult<T>>;

const SESSION_ENDED = 'Your session has ended. Sign in again.';

/** Roles that satisfy "at least `role`" in a tenant. */
const AT_LEAST: Record<TenantRole, readonly TenantRole[]> = {
  member: ['owner', 'admin', 'member'],
  admin: ['owner', 'admin'],
  owner: ['owner'],
};

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

async function answer<T>(handler: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await handler() };
  } catch (error) {
    if (isDbError(error)) return { ok: false, code: error.code, message: error.message };
    // The log server down or refusing is expected too: the person hears which.
    if (error instanceof LogServerError) {
      return { ok: false, code: `log_server_${error.problem}`, message: error.message };
    }
    throw error;
  }
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

/** An action of a signed-in, not deleted user. */
export function withUser<S extends z.ZodType, T>(
  schema: S,
  handler: (input: z.output<S>, context: { user: User }) => Promise<T>,
): Action<S, T> {
  return async (input) => {
    const user = await currentUser();
    if (!user) return { ok: false, code: 'unauthorized', message: SESSION_ENDED };
    const parsed = parse(schema, input);
    if (!parsed.ok) return parsed;
    return answer(() => handler(parsed.data, { user }));
  };
}

/**
 * An action on the tenant named by the input's `tenantId`, for a member holding at least
 * `role` there. Someone outside the tenant hears the same as for a tenant that does not exist.
 */
export function withTenantRole<S extends z.ZodType<{ tenantId: string }>, T>(
  role: TenantRole,
  schema: S,
  handler: (input: z.output<S>, context: { user: User; tenant: TenantWithRole }) => Promise<T>,
): Action<S, T> {
  return withUser(schema, async (input, { user }) => {
    const tenant = await getTenant(db(), { userId: user.id, tenantId: input.tenantId });
    if (!AT_LEAST[role].includes(tenant.role)) {
      throw new DbError(
        'forbidden',
        `This needs the role ${AT_LEAST[role].join(' or ')} in ${tenant.name}; you are ${tenant.role}.`,
      );
    }
    return handler(input, { user, tenant });
  });
}

/**
 * A staff action: the staff role is checked on the server; `audit` writes the audit row (call
 * it before the change it records). Customers hear that the action needs a staff role.
 */
export function withStaff<S extends z.ZodType, T>(
  role: StaffRole,
  schema: S,
  handler: (
    input: z.output<S>,
    context: StaffMember & {
      audit: (
        action: string,
        subject?: { tenantId?: string; subjectUserId?: string; reason?: string },
      ) => Promise<unknown>;
    },
  ) => Promise<T>,
): Action<S, T> {
  return async (input) => {
    const user = await currentUser();
    if (!user) return { ok: false, code: 'unauthorized', message: SESSION_ENDED };
    const actingAs = await staffRoleFor(user, role);
    if (!actingAs) {
      return { ok: false, code: 'forbidden', message: `This needs the ${role} staff role.` };
    }
    const parsed = parse(schema, input);
    if (!parsed.ok) return parsed;
    const staff = { user, actingAs };
    return answer(() =>
      handler(parsed.data, {
        ...staff,
        audit: (action, subject) => auditStaff(staff, action, subject),
      }),
    );
  };
}

/**
 * A route handler for a signed-in user, its query string validated with `schema`. Errors are
 * JSON `{ error: { code, message } }`: 401 without a session, 400 for a bad query.
 */
export function withUserRoute<S extends z.ZodType>(
  schema: S,
  handler: (request: Request, query: z.output<S>, context: { user: User }) => Promise<Response>,
): (request: Request) => Promise<Response> {
  return async (request) => {
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
 * staff area does not announce itself. The route's params are passed on.
 */
export function withStaffRoute<S extends z.ZodType, P>(
  role: StaffRole,
  schema: S,
  handler: (
    request: Request,
    query: z.output<S>,
    context: StaffMember & { params: P },
  ) => Promise<Response>,
): (request: Request, route: { params: Promise<P> }) => Promise<Response> {
  return async (request, route) => {
    const user = await currentUser();
    if (!user) return errorResponse(401, 'unauthorized', 'Sign in first.');
    const actingAs = await staffRoleFor(user, role);
    if (!actingAs) return errorResponse(404, 'not_found', 'There is nothing here.');
    const query = Object.fromEntries(new URL(request.url).searchParams);
    const parsed = schema.safeParse(query);
    if (!parsed.success) {
      return errorResponse(400, 'invalid_input', parsed.error.issues[0]?.message ?? 'Bad query.');
    }
    return handler(request, parsed.data, { user, actingAs, params: await route.params });
  };
}
