import { withStaffRoute } from '@/lib/guards/route-guards';
import { staffRead } from '@/lib/staff-api';
import { openExport } from '@/lib/support-logs';
import { exportQuerySchema, type UserParams } from '../schema';

/**
 * The current filter as JSON Lines or CSV: the log server's stream passed through as it comes,
 * so the console never holds the export either.
 */
export const GET = withStaffRoute<typeof exportQuerySchema, UserParams>(
  'support',
  exportQuerySchema,
  (request, { intent, ...query }, { params, ...staff }) =>
    staffRead(
      params.userId,
      staff,
      async (read) => {
        const upstream = await openExport(read, params.userId, query, request.signal);
        const headers = new Headers({ 'cache-control': 'no-store' });
        for (const name of ['content-type', 'content-disposition']) {
          const value = upstream.headers.get(name);
          if (value) headers.set(name, value);
        }
        return new Response(upstream.body, { headers });
      },
      intent,
    ),
);
