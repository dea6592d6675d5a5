import { withStaffRoute } from '@/lib/guards';
import { staffRead } from '@/lib/staff-api';
import { openStream } from '@/lib/support-logs';
import { logQuerySchema, type UserParams } from '../schema';

export const dynamic = 'force-dynamic';

/**
 * The live tail: the log server's stream of the user's `{ device, head }` events relayed to
 * the browser as it comes (audited once, as the server's logs.stream). Closing the page closes
 * the upstream stream too.
 */
export const GET = withStaffRoute<typeof logQuerySchema, UserParams>(
  'support',
  logQuerySchema,
  (request, _query, { params, ...staff }) =>
    staffRead(params.userId, staff, async (read) => {
      const upstream = await openStream(read, params.userId, request.signal);
      return new Response(upstream.body, {
        headers: {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-cache, no-transform',
          'x-accel-buffering': 'no',
        },
      });
    }),
);
