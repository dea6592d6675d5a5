import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { serviceAuthHook } from '../../plugins/app/admin-auth.js';
import { errorResponses, headsSchema } from '../../schemas.js';
import { userParamsSchema } from '../admin/schemas.js';

/**
 * What the console shows a signed-in person about their own logs — the head of each device
 * log, never records — authenticated by the console's service credential alone.
 */
export default async function serviceRoutes(app: FastifyInstance): Promise<void> {
  app.addHook('onRequest', serviceAuthHook(app));
  app.withTypeProvider<ZodTypeProvider>().get('/users/:userId/heads', {
    schema: {
      summary: "The last t of each of a user's logs, for the console's device list",
      security: [{ serviceToken: [] }],
      params: userParamsSchema,
      response: { 200: headsSchema, ...errorResponses },
    },
    handler: async (request) => ({ heads: await app.store.heads(request.params.userId) }),
  });
}
