import { adminRecordPageSchema } from '@tagtime/log/protocol';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { pageRecords, recordPageJson } from '../../admin/page.js';
import { formatPosition, parsePosition } from '../../admin/position.js';
import { sendJsonText } from '../../lib/raw-json.js';
import { errorResponses } from '../../schemas.js';
import { adminRecordsQuerySchema, userParamsSchema } from './schemas.js';
import { loadUserQuery } from './user-query.js';

/** A page reads at most this many records, so a rare text cannot stall the server. */
export const MAX_SCANNED = 10_000;

export default async function adminRecordsRoute(app: FastifyInstance): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().get('/users/:userId/records', {
    schema: {
      summary: "A page of a user's merged log under a query, either way from a cursor",
      description:
        'Backward (newest first) by default. A page may hold fewer than `limit` records, even none, with `more: true` when a text term skips many: go on from `cursor`.',
      security: [{ serviceToken: [] }],
      params: userParamsSchema,
      querystring: adminRecordsQuerySchema,
      response: { 200: adminRecordPageSchema, ...errorResponses, 404: errorResponses[400] },
    },
    handler: async (request, reply) => {
      const { dir, limit, cursor } = request.query;
      const from = cursor === undefined ? undefined : parsePosition(cursor, 'cursor');
      const { query } = await loadUserQuery(app, request, 'logs.read', {
        ...request.params,
        ...request.query,
      });
      const page = pageRecords(app.store, request.params.userId, query, {
        direction: dir,
        ...(from ? { from } : {}),
        limit,
        maxScanned: MAX_SCANNED,
      });
      return sendJsonText(reply, recordPageJson(page, formatPosition(page.cursor)));
    },
  });
}
