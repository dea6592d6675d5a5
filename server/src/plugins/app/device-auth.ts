import type { FastifyInstance, FastifyRequest } from 'fastify';
import { bearerToken } from '../../auth/bearer.js';
import { AppError } from '../../errors.js';

/**
 * `onRequest` hook of the device routes: resolves the bearer token to its device before the
 * body is even read, so an unauthenticated caller learns nothing about its input.
 */
export function deviceAuthHook(app: FastifyInstance) {
  return async (request: FastifyRequest): Promise<void> => {
    const token = bearerToken(request);
    if (token === undefined) {
      throw new AppError(
        'unauthorized',
        'Send the device token as `Authorization: Bearer <token>`.',
      );
    }
    let device: Awaited<ReturnType<typeof app.deviceAuth.authenticate>>;
    try {
      device = await app.deviceAuth.authenticate(token);
    } catch (error) {
      request.log.error({ err: error }, 'device token lookup failed');
      throw new AppError(
        'unavailable',
        'Tokens cannot be checked right now; retry shortly.',
        {},
        {
          cause: error,
        },
      );
    }
    if (device === undefined) {
      throw new AppError('unauthorized', 'The device token is not valid or has been revoked.');
    }
    request.device = device;
  };
}
