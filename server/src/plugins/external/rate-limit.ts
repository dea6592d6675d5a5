import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../../errors.js';

/**
 * In-memory rate limits (per process), applied per route: pairing per client address, device
 * calls per token (see routes/v1). Past one process, a shared store (Redis) would go here.
 */
async function limits(app: FastifyInstance): Promise<void> {
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) =>
      new AppError('rate_limited', `Too many requests; retry in ${context.after}.`),
  });
}

export default fp(limits, { name: 'rate-limit' });
