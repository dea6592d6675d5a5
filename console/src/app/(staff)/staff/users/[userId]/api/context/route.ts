import { withStaffRoute } from '@/lib/guards/route-guards';
import { staffRead } from '@/lib/staff-api';
import { fetchContext } from '@/lib/support-logs';
import { contextQuerySchema, type UserParams } from '../schema';

/** A record with its neighbours, for the log browser's detail panel. */
export const GET = withStaffRoute<typeof contextQuerySchema, UserParams>(
  'support',
  contextQuerySchema,
  (_request, { device, t, n, intent }, { params, ...staff }) =>
    staffRead(
      params.userId,
      staff,
      async (read) =>
        Response.json((await fetchContext(read, params.userId, { device, t }, n)).data),
      intent,
    ),
);
