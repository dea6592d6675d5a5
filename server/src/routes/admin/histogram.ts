import { adminHistogramSchema } from '@tagtime/log/protocol';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { HISTOGRAM_WIDTHS, histogram } from '../../admin/histogram.js';
import { errorResponses } from '../../schemas.js';
import { histogramQuerySchema, userParamsSchema } from './schemas.js';
import { loadUserQuery } from './user-query.js';

export default async function adminHistogramRoute(app: FastifyInstance): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().get('/users/:userId/histogram', {
    schema: {
      summary: 'Records over time by kind (or by device) under a query, for the volume chart',
      security: [{ serviceToken: [] }],
      params: userParamsSchema,
      querystring: histogramQuerySchema,
      response: { 200: adminHistogramSchema, ...errorResponses, 404: errorResponses[400] },
    },
    handler: async (request) => {
      const { buckets, width, group } = request.query;
      const { user, query } = await loadUserQuery(app, request, 'logs.histogram', {
        ...request.params,
        ...request.query,
      });
      return histogram(app.store, request.params.userId, query, {
        target: buckets,
        timeZone: user.timeZone,
        group,
        ...(width ? { width: HISTOGRAM_WIDTHS[width] } : {}),
      });
    },
  });
}
