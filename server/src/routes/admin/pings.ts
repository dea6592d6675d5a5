import { adminPingReportSchema } from '@tagtime/log/protocol';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { pingReport } from '../../admin/ping-report.js';
import { errorResponses } from '../../schemas.js';
import { pingsQuerySchema, userParamsSchema } from './schemas.js';
import { loadUserQuery } from './user-query.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export default async function adminPingsRoute(app: FastifyInstance): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().get('/users/:userId/pings', {
    schema: {
      summary: 'Pings answered, missed and unanswered against the schedule, and time per tag',
      security: [{ serviceToken: [] }],
      params: userParamsSchema,
      querystring: pingsQuerySchema,
      response: { 200: adminPingReportSchema, ...errorResponses, 404: errorResponses[400] },
    },
    handler: async (request) => {
      const { userId } = request.params;
      const now = Date.now();
      const to = request.query.to ?? now;
      const from = request.query.from ?? Math.max(0, to - 30 * DAY_MS);
      const { user } = await loadUserQuery(app, request, 'logs.pings', { userId });
      return pingReport(app.store, userId, { from, to, timeZone: user.timeZone, now });
    },
  });
}
