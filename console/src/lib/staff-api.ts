import 'server-only';
import { errorResponse } from './guards';
import { LogServerError } from './log-server';
import type { StaffMember } from './staff';
import { visitReason } from './staff-reason';
import type { StaffRead } from './support-logs';

/** How a log server problem reaches the browser: never as the console's own 401. */
const STATUS = { unreachable: 503, refused: 502, rejected: 400, not_found: 404, failed: 502 };

/** A log server failure as the console's JSON error, saying which problem it is. */
export function logServerErrorResponse(error: LogServerError): Response {
  return Response.json(
    {
      error: { code: error.code ?? error.problem, problem: error.problem, message: error.message },
    },
    { status: STATUS[error.problem] },
  );
}

/**
 * Runs a log server read for a staff route handler of one user's pages with the visit's reason
 * (none given yet: 403 `reason_required`), and answers with what `respond` makes of it.
 */
export async function staffRead(
  userId: string,
  staff: StaffMember,
  respond: (read: StaffRead) => Promise<Response>,
): Promise<Response> {
  const reason = await visitReason(userId);
  if (!reason) {
    return errorResponse(403, 'reason_required', 'Give the reason for opening this user first.');
  }
  try {
    return await respond({ staffUserId: staff.user.id, reason });
  } catch (error) {
    if (error instanceof LogServerError) return logServerErrorResponse(error);
    throw error;
  }
}
