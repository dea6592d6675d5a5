import { listDevices } from '@tagtime/db';
import { adminUserStatsSchema } from '@tagtime/log/protocol';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { auditUserRead } from '../../admin/audit.js';
import { userStats } from '../../admin/stats.js';
import { errorResponses } from '../../schemas.js';
import { adminStatsQuerySchema, userParamsSchema } from './schemas.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export default async function adminStatsRoute(app: FastifyInstance): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().get('/users/:userId/stats', {
    schema: {
      summary: 'Per-user statistics: records per day by kind, errors per device, heads, last sync',
      security: [{ serviceToken: [] }],
      params: userParamsSchema,
      querystring: adminStatsQuerySchema,
      response: { 200: adminUserStatsSchema, ...errorResponses, 404: errorResponses[400] },
    },
    handler: async (request) => {
      const { userId } = request.params;
      const user = await auditUserRead(app, request, 'logs.stats', userId);
      const to = request.query.to ?? Date.now();
      const from = request.query.from ?? Math.max(0, to - 30 * DAY_MS);
      const devices = await listDevices(app.db, userId);
      return userStats(app.store, userId, {
        from,
        to,
        timeZone: user.timeZone,
        devices,
      });
    },
  });
}
