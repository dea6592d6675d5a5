import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { auditUserRead } from '../../admin/audit.js';
import { errorResponses } from '../../schemas.js';
import { userParamsSchema } from './schemas.js';

export default async function adminStreamRoute(app: FastifyInstance): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().get('/users/:userId/stream', {
    schema: {
      summary: "Live `{ device, head }` events of a user's logs (SSE, as GET /v1/stream)",
      security: [{ serviceToken: [] }],
      params: userParamsSchema,
      response: { ...errorResponses, 404: errorResponses[400] },
    },
    handler: async (request, reply) => {
      const { userId } = request.params;
      await auditUserRead(app, request, 'logs.stream', userId);
      await app.streams.stream(request, reply, { userId, heads: () => app.store.heads(userId) });
    },
  });
}
