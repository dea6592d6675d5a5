import cluster from 'node:cluster';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../errors.js';
import { errorSchema } from '../schemas.js';

export default async function healthRoute(app: FastifyInstance): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().get('/healthz', {
    schema: {
      summary: 'Health: the process answers, its log store is open, MariaDB answers',
      description:
        '503 `unavailable` with `database: "down"` while MariaDB does not answer (device tokens, pairing and the admin API need it; appends and pulls of cached tokens do not). Checked at most once a second.',
      response: {
        200: z.object({
          ok: z.literal(true),
          database: z.literal('up'),
          streams: z.number().int(),
          worker: z.number().int().optional(),
        }),
        503: errorSchema,
      },
    },
    handler: async () => {
      const database = await app.databaseHealth.check();
      if (!database.up) {
        throw new AppError('unavailable', `The database does not answer (${database.reason}).`, {
          database: 'down',
          streams: app.streams.size,
        });
      }
      // With WORKERS > 1: which worker answered, and `streams` counts that worker's.
      const worker = cluster.worker?.id;
      return {
        ok: true as const,
        database: 'up' as const,
        streams: app.streams.size,
        ...(worker === undefined ? {} : { worker }),
      };
    },
  });
}
