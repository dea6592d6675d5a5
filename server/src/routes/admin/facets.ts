import { adminFacetsSchema } from '@tagtime/log/protocol';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { facetCounts } from '../../admin/facets.js';
import { errorResponses } from '../../schemas.js';
import { logQuerySchema, userParamsSchema } from './schemas.js';
import { loadUserQuery } from './user-query.js';

export default async function adminFacetsRoute(app: FastifyInstance): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().get('/users/:userId/facets', {
    schema: {
      summary: 'Records per kind and per device under a query, as facet counts',
      security: [{ serviceToken: [] }],
      params: userParamsSchema,
      querystring: logQuerySchema,
      response: { 200: adminFacetsSchema, ...errorResponses, 404: errorResponses[400] },
    },
    handler: async (request) => {
      const { query, allDevices } = await loadUserQuery(app, request, 'logs.facets', {
        ...request.params,
        ...request.query,
      });
      return facetCounts(app.store, request.params.userId, query, allDevices);
    },
  });
}
