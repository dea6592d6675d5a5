import { listDevices } from '@tagtime/db';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditUserRead } from '../../admin/audit.js';
import { userStats } from '../../admin/stats.js';
import { errorResponses } from '../../schemas.js';
import { adminStatsQuerySchema, userParamsSchema } from './schemas.js';

const DAY_MS = 24 * 60 * 60 * 1000;

const statsSchema = z.object({
  from: z.number(),
  to: z.number(),
  complete: z.boolean().describe('Always true: the counts come from the index.'),
  logs: z.array(
    z.object({
      device: z.string(),
      head: z.number(),
      count: z.number(),
      name: z.string().nullable(),
      kind: z.string().nullable(),
      lastSeenAt: z.string().nullable(),
      revokedAt: z.string().nullable(),
    }),
  ),
  heads: z.record(z.string(), z.number()),
  recordsPerDay: z.array(z.object({ day: z.string(), kind: z.string(), count: z.number() })),
  errorsByDevice: z.record(z.string(), z.number()),
  lastSync: z.string().nullable(),
});

export default async function adminStatsRoute(app: FastifyInstance): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().get('/users/:userId/stats', {
    schema: {
      summary: 'Per-user statistics: records per day by kind, errors per device, heads, last sync',
      security: [{ serviceToken: [] }],
      params: userParamsSchema,
      querystring: adminStatsQuerySchema,
      response: { 200: statsSchema, ...errorResponses, 404: errorResponses[400] },
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
