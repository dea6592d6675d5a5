import type { Socket } from 'node:net';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { bearerToken } from '../../auth/bearer.js';
import { markAuthenticated } from '../../edge/unauthenticated-sockets.js';
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
    // An address that sent many unknown tokens is refused before the lookup (each one costs a
    // database query); tokens known to be valid from the cache still pass.
    const wait = app.unknownTokens.blockedFor(request.ip);
    if (wait > 0 && app.deviceAuth.cached(token)?.identity === undefined) {
      throw new AppError(
        'rate_limited',
        `Too many unknown device tokens from this address; retry in ${wait} s.`,
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
      app.unknownTokens.hit(request.ip);
      throw new AppError('unauthorized', 'The device token is not valid or has been revoked.');
    }
    request.device = device;
    markAuthenticated(request.raw.socket as Socket);
  };
}
