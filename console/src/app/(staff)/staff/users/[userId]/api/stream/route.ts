import { errorResponse, withStaffRoute } from '@/lib/guards/route-guards';
import { liveTails, TailRefused } from '@/lib/live-tails';
import { auditStaff, staffStillActing } from '@/lib/staff';
import { staffRead } from '@/lib/staff-api';
import { logQuerySchema, type UserParams } from '../schema';

export const dynamic = 'force-dynamic';

/**
 * The live tail: the user's `{ device, head }` events as Server-Sent Events, from the console's
 * one stream of that user (see live-tails.ts). The read that opens the stream is audited by
 * the log server (logs.stream), a staff member joining an open one here. A tail ends when the
 * page closes, or once the staff member's role or session ends; a staff member over the limit
 * of open tails gets a 429, and a console holding all the streams it may a 503.
 */
export const GET = withStaffRoute<typeof logQuerySchema, UserParams>(
  'support',
  logQuerySchema,
  (request, { intent }, { params, ...staff }) =>
    staffRead(
      params.userId,
      staff,
      async (read) => {
        let body: ReadableStream<Uint8Array>;
        try {
          body = await liveTails().follow({
            userId: params.userId,
            read,
            signal: request.signal,
            stillAllowed: () => staffStillActing(staff.user.id, staff.sessionId, 'support'),
            auditJoin: () =>
              auditStaff(staff, 'logs.stream', {
                subjectUserId: params.userId,
                reason: read.reason,
              }),
          });
        } catch (error) {
          if (!(error instanceof TailRefused)) throw error;
          return errorResponse(429, 'too_many_tails', error.message);
        }
        return new Response(body, {
          headers: {
            'content-type': 'text/event-stream; charset=utf-8',
            'cache-control': 'no-cache, no-transform',
            'x-accel-buffering': 'no',
          },
        });
      },
      intent,
    ),
);
