import { withStaffRoute } from '@/lib/guards/route-guards';
import { staffRead } from '@/lib/staff-api';
import { fetchFacets } from '@/lib/support-logs';
import { logQuerySchema, type UserParams } from '../schema';

/** Facet counts per kind and device for the log browser's sidebar. */
export const GET = withStaffRoute<typeof logQuerySchema, UserParams>(
  'support',
  logQuerySchema,
  (_request, { intent, ...query }, { params, ...staff }) =>
    staffRead(
      params.userId,
      staff,
      async (read) => Response.json((await fetchFacets(read, params.userId, query)).data),
      intent,
    ),
);
