import 'server-only';
import { errorResponse } from './guards/route-guards';
import { LogServerError, logServerErrorResponse } from './log-server';
import type { StaffMember } from './staff';
import { visitReason } from './staff-reason';
import type { StaffRead } from './support-logs';

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
