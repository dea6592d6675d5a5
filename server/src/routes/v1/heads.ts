import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponses, headsSchema } from '../../schemas.js';

export default async function headsRoute(app: FastifyInstance): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().get('/heads', {
    schema: {
      summary: "The last t of each of the user's logs",
      security: [{ deviceToken: [] }],
      response: { 200: headsSchema, ...errorResponses },
    },
    handler: async (request) => ({ heads: await app.store.heads(request.device.userId) }),
  });
}
