import { adminSearchSchema } from '@tagtime/log/protocol';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { auditRead } from '../../admin/audit.js';
import { parseQueryParam } from '../../admin/log-query.js';
import { searchRecordText } from '../../admin/search.js';
import { timeDb } from '../../admin/timing.js';
import { AppError } from '../../errors.js';
import { sendJsonText } from '../../lib/raw-json.js';
import { errorResponses } from '../../schemas.js';
import { searchQuerySchema } from './schemas.js';

/** A search reads at most this many records in all. */
const MAX_SCANNED = 1_000_000;

export default async function adminSearchRoute(app: FastifyInstance): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().get('/search', {
    schema: {
      summary: 'Users whose records contain a text (an error message from a ticket)',
      description: `Most recently grown logs first, each newest first, at most ${MAX_SCANNED} records in all.`,
      security: [{ serviceToken: [] }],
      querystring: searchQuerySchema,
      response: { 200: adminSearchSchema, ...errorResponses },
    },
    handler: async (request, reply) => {
      const { text } = parseQueryParam(request.query.q);
      if (text.length === 0) {
        throw new AppError('invalid_input', 'q: give a word or a "quoted phrase" to find.', {
          path: 'q',
        });
      }
      await timeDb(request, () => auditRead(app, request, 'logs.search'));
      const found = searchRecordText(app.store, text, {
        maxScanned: MAX_SCANNED,
        limit: request.query.limit,
      });
      const users = found.users
        .map(
          (hit) =>
            `{"userId":${JSON.stringify(hit.userId)},"matches":${hit.matches},"latest":${hit.latest.json}}`,
        )
        .join(',');
      return sendJsonText(
        reply,
        `{"users":[${users}],"scanned":${found.scanned},"complete":${found.complete}}`,
      );
    },
  });
}
