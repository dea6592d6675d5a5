import { formatCursor } from '@tagtime/log';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { auditUserRead } from '../../admin/audit.js';
import { recordFilter } from '../../admin/record-filter.js';
import { sendJsonText } from '../../lib/raw-json.js';
import { errorResponses, pullResultSchema } from '../../schemas.js';
import { pullPageJson, pullRecords } from '../../store/pull.js';
import { parseAfter } from '../v1/pull-records.js';
import { adminRecordsQuerySchema, userParamsSchema } from './schemas.js';

/** A filtered page examines at most this many records, so a rare match cannot stall the server. */
const MAX_SCANNED = 200_000;

export default async function adminRecordsRoute(app: FastifyInstance): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().get('/users/:userId/records', {
    schema: {
      summary: "A user's merged records with filters, one page per call",
      description:
        'Pages follow `cursor` like the device pull; a page may hold fewer than `limit` records (even none) with `more: true` when the filters skip many.',
      security: [{ serviceToken: [] }],
      params: userParamsSchema,
      querystring: adminRecordsQuerySchema,
      response: { 200: pullResultSchema, ...errorResponses, 404: errorResponses[400] },
    },
    handler: async (request, reply) => {
      const { userId } = request.params;
      const { kinds, devices, from, to, q, limit } = request.query;
      const after = parseAfter(request.query.after);
      await auditUserRead(app, request, 'logs.read', userId);
      if (from !== undefined) {
        const logs = devices ?? Object.keys(await app.store.heads(userId));
        for (const device of logs) after[device] = Math.max(after[device] ?? -1, from - 1);
      }
      const filter = recordFilter({ kinds, text: q });
      const page = await pullRecords(app.store, userId, {
        after,
        limit,
        ...(devices ? { devices } : {}),
        ...(filter ? { filter } : {}),
        ...(to !== undefined ? { until: to } : {}),
        maxScanned: MAX_SCANNED,
      });
      return sendJsonText(reply, pullPageJson(page, formatCursor(page.cursor)));
    },
  });
}
