import { withStaffRoute } from '@/lib/guards/route-guards';
import { staffRead } from '@/lib/staff-api';
import { fetchHistogram } from '@/lib/support-logs';
import { histogramQuerySchema, type UserParams } from '../schema';

/** The volume histogram above the log browser's table. */
export const GET = withStaffRoute<typeof histogramQuerySchema, UserParams>(
  'support',
  histogramQuerySchema,
  (_request, { intent, ...query }, { params, ...staff }) =>
    staffRead(
      params.userId,
      staff,
      async (read) => Response.json((await fetchHistogram(read, params.userId, query)).data),
      intent,
    ),
);
