import 'server-only';
import { errorResponse } from './guards/route-guards';
import { LogServerError, logServerErrorResponse } from './log-server';
import type { StaffMember } from './staff';
import { newIntentId } from './staff-intent';
import { visitReason } from './staff-reason';
import type { StaffRead } from './support-logs';

/**
 * Runs a log server read for a staff route handler of one user's pages with the visit's reason
 * (none given yet: 403 `reason_required`), and answers with what `respond` makes of it. The
 * read belongs to `intent` (the browser's id for one view or query), or is an intent alone.
 */
export async function staffRead(
  userId: string,
  staff: StaffMember,
  respond: (read: StaffRead) => Promise<Response>,
  intent?: string,
): Promise<Response> {
  const reason = await visitReason(userId);
  if (!reason) {
    return errorResponse(403, 'reason_required', 'Give the reason for opening this user first.');
  }
  try {
    return await respond({
      staffUserId: staff.user.id,
      reason,
      sessionId: staff.sessionId,
      intentId: intent ?? newIntentId(),
    });
  } catch (error) {
    if (error instanceof LogServerError) return logServerErrorResponse(error);
    throw error;
  }
}
