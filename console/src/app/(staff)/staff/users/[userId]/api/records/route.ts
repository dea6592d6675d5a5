import { withStaffRoute } from '@/lib/guards/route-guards';
import { staffRead } from '@/lib/staff-api';
import { fetchRecordPage } from '@/lib/support-logs';
import { recordsQuerySchema, type UserParams } from '../schema';

/** A page of the user's merged log for the log browser (paging, filters, live tail). */
export const GET = withStaffRoute<typeof recordsQuerySchema, UserParams>(
  'support',
  recordsQuerySchema,
  (_request, { intent, ...query }, { params, ...staff }) =>
    staffRead(
      params.userId,
      staff,
      async (read) => Response.json((await fetchRecordPage(read, params.userId, query)).data),
      intent,
    ),
);
