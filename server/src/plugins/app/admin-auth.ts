import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Socket } from 'node:net';
import { getStaffRoles, INTENT_ID_PATTERN, isStaffSessionVerified } from '@tagtime/db';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { timeDb } from '../../admin/timing.js';
import { bearerToken } from '../../auth/bearer.js';
import { markAuthenticated } from '../../edge/unauthenticated-sockets.js';
import { AppError } from '../../errors.js';

export const STAFF_HEADER = 'x-staff-user-id';
export const REASON_HEADER = 'x-audit-reason';
export const SESSION_HEADER = 'x-staff-session-id';
export const INTENT_HEADER = 'x-audit-intent';

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/**
 * Header values are Latin-1 on the wire, so the console sends the reason percent-encoded
 * (`encodeURIComponent`); a value that does not decode is taken as it came.
 */
function decodeReason(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** Checks the console's service credential (`Authorization: Bearer <ADMIN_TOKEN>`). */
function serviceCredentialCheck(app: FastifyInstance) {
  const expected = digest(app.config.adminToken);
  return (request: FastifyRequest): void => {
    const token = bearerToken(request);
    // Digests have one length, so the comparison takes the same time whatever was sent.
    if (token === undefined || !timingSafeEqual(digest(token), expected)) {
      throw new AppError('unauthorized', 'Send the console service credential as a bearer token.');
    }
    markAuthenticated(request.raw.socket as Socket);
  };
}

/**
 * `onRequest` hook of the service API: the console's credential alone, for what the console
 * shows people about their own account (no log content, so no staff member is named).
 */
export function serviceAuthHook(app: FastifyInstance) {
  const check = serviceCredentialCheck(app);
  return async (request: FastifyRequest): Promise<void> => check(request);
}

/**
 * `onRequest` hook of the admin API: the console authenticates with its service credential
 * and names the staff member acting in `X-Staff-User-Id` and their console session in
 * `X-Staff-Session-Id`; that user must hold a staff role (the audit actor role) and the
 * session must be live and verified by a second factor. `X-Audit-Intent` names the intent. Every read needs the staff member's reason (a ticket id
 * or a sentence) in `X-Audit-Reason`, which goes into its audit row.
 */
export function adminAuthHook(app: FastifyInstance) {
  const check = serviceCredentialCheck(app);
  return async (request: FastifyRequest): Promise<void> => {
    check(request);
    const staffUserId = request.headers[STAFF_HEADER];
    if (typeof staffUserId !== 'string' || !/^[A-Za-z0-9_-]{1,32}$/.test(staffUserId)) {
      throw new AppError(
        'forbidden',
        `Name the staff member acting in the ${STAFF_HEADER} header.`,
      );
    }
    const sessionId = request.headers[SESSION_HEADER];
    const [roles, verified] = await timeDb(request, () =>
      Promise.all([
        getStaffRoles(app.db, staffUserId),
        typeof sessionId === 'string' && sessionId.length <= 32
          ? isStaffSessionVerified(app.db, { sessionId, userId: staffUserId })
          : false,
      ]),
    );
    const role = roles.includes('support') ? 'support' : roles[0];
    if (role === undefined) {
      throw new AppError('forbidden', 'The named user holds no staff role.');
    }
    const intent = request.headers[INTENT_HEADER];
    const header = request.headers[REASON_HEADER];
    const reason = typeof header === 'string' ? decodeReason(header).trim() : '';
    // Known from here on, so a refusal is audited as this staff member's (auditRefusal).
    request.staff = {
      userId: staffUserId,
      role,
      reason: reason.slice(0, 500),
      intentId:
        typeof intent === 'string' && INTENT_ID_PATTERN.test(intent)
          ? intent
          : `req-${randomUUID()}`,
    };
    // The console's credential alone is not enough: the staff member's own console session
    // must be live and past its second factor, so a stolen password reads nothing.
    if (!verified) {
      throw new AppError(
        'forbidden',
        `Name the staff member's console session, signed in with a second factor, in the ${SESSION_HEADER} header.`,
      );
    }
    if (intent !== undefined && (typeof intent !== 'string' || !INTENT_ID_PATTERN.test(intent))) {
      throw new AppError('invalid_input', `${INTENT_HEADER} is 8–64 letters, digits, _ or -.`);
    }
    if (reason === '') {
      throw new AppError(
        'reason_required',
        `Give the reason for reading this user's logs (a ticket id or a sentence) in the ${REASON_HEADER} header.`,
      );
    }
  };
}
