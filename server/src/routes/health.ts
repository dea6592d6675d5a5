import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';

export default async function healthRoute(app: FastifyInstance): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().get('/healthz', {
    schema: {
      summary: 'Liveness: the process answers and its log store is open',
      response: { 200: z.object({ ok: z.literal(true), streams: z.number().int() }) },
    },
    handler: async () => ({ ok: true as const, streams: app.streams.size }),
  });
}
