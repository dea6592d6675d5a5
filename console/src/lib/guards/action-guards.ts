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
import { unstable_rethrow } from 'next/navigation';
import type { z } from 'zod';
import { currentSession, currentUser, pendingSession, type SignedInSession } from '@/auth';
import type { ActionResult } from '../action-result';
import { db } from '../db';
import { LogServerError } from '../log-server';
import { TENANT_ROLES_AT_LEAST, tenantRoleSatisfies } from '../roles';
import { type StaffMember, staffRoleFor } from '../staff';
import { type Audit, AuditedAttempt, type AuditOptions } from './audited-attempt';

/**
 * The guards of server actions (see index.ts for the family). Each checks who is acting and
 * whether they may, then validates the input with the form's zod schema, before the handler
 * runs. Expected failures (a DbError, the log server down or refusing) come back as an
 * ActionResult the form shows; anything else is a bug and throws.
 *
 * With `{ audit: 'tenant.invite' }` an action writes one audit row per attempt by a signed-in
 * person once its outcome is known (audited-attempt.ts), `refused` when the role, the input or
 * the change itself refused it. The handler may add to its row with
 * `audit({ action?, tenantId?, subjectUserId?, reason? })` (a tenant action's tenant is added).
 */

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
 * An action of a signed-in person whose session may not have passed its second factor yet: for
 * the second-factor step itself (checking a code, a passkey, enrolling) and nothing else. The
 * handler gets the session's access and decides (audited as `self` with `{ audit }`).
 */
export function withSignedIn<S extends z.ZodType, T>(
  schema: S,
  handler: (input: z.output<S>, context: SignedInSession & { audit: Audit }) => Promise<T>,
  options: AuditOptions = {},
): Action<S, T> {
  return async (input) => {
    const session = await pendingSession();
    if (!session) return { ok: false, code: 'unauthorized', message: SESSION_ENDED };
    const attempt = new AuditedAttempt(options.audit, { userId: session.user.id, role: 'self' });
    const parsed = parse(schema, input);
    if (!parsed.ok) {
      await attempt.refused(parsed.code);
      return parsed;
    }
    return answer(() => handler(parsed.data, { ...session, audit: attempt.add }), attempt);
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
    const session = await currentSession();
    if (!session) return { ok: false, code: 'unauthorized', message: SESSION_ENDED };
    const { user, sessionId } = session;
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
    return answer(
      () => handler(parsed.data, { user, actingAs, sessionId, audit: attempt.add }),
      attempt,
    );
  };
}
