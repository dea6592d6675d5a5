import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { exportRecords } from '../../admin/export.js';
import { errorResponses } from '../../schemas.js';
import { exportQuerySchema, userParamsSchema } from './schemas.js';
import { loadUserQuery } from './user-query.js';

const TYPES = { jsonl: 'application/x-ndjson', csv: 'text/csv' } as const;

export default async function adminExportRoute(app: FastifyInstance): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().get('/users/:userId/export', {
    schema: {
      summary: 'Every record under a query, oldest first, streamed as JSON Lines or CSV',
      description:
        'Streamed a few thousand records at a time as the client reads: the server never holds the whole log. CSV columns: t, time (ISO), device, kind, body (JSON).',
      security: [{ serviceToken: [] }],
      params: userParamsSchema,
      querystring: exportQuerySchema,
      response: {
        200: z.string().describe('JSON Lines or CSV text.'),
        ...errorResponses,
        404: errorResponses[400],
      },
    },
    handler: async (request, reply) => {
      const { userId } = request.params;
      const { format } = request.query;
      const { query } = await loadUserQuery(app, request, 'logs.export', {
        ...request.params,
        ...request.query,
      });
      const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
      reply
        .type(`${TYPES[format]}; charset=utf-8`)
        .header('content-disposition', `attachment; filename="${userId}-${stamp}.${format}"`)
        .header('cache-control', 'no-store');
      const body = Readable.from(exportRecords(app.store, userId, query, format));
      // Fastify pipes a stream with backpressure and skips the serializer; the schema above
      // documents the text, which the type provider cannot see in a stream.
      return reply.send(body as unknown as string);
    },
  });
}
