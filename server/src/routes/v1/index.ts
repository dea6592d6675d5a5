import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { bearerToken } from '../../auth/bearer.js';
import { deviceAuthHook } from '../../plugins/app/device-auth.js';
import appendRecords from './append-records.js';
import devicesRoute from './devices.js';
import headsRoute from './heads.js';
import pairRoute from './pair.js';
import pullRecordsRoute from './pull-records.js';
import streamRoute from './stream.js';

/** Rate-limit key of a device call: its token (hashed, never kept in clear), else its address. */
function tokenKey(request: FastifyRequest): string {
  const token = bearerToken(request);
  return token === undefined
    ? `ip:${request.ip}`
    : `token:${createHash('sha256').update(token).digest('base64')}`;
}

/** Sync protocol v1 (DESIGN.md): pairing, then the device routes behind a token. */
export default async function v1Routes(app: FastifyInstance): Promise<void> {
  await app.register(pairRoute);
  await app.register(async (devices) => {
    devices.addHook(
      'onRequest',
      devices.rateLimit({
        max: app.config.rateLimit.perToken,
        timeWindow: 60_000,
        keyGenerator: tokenKey,
      }),
    );
    devices.addHook('onRequest', deviceAuthHook(devices));
    await devices.register(appendRecords);
    await devices.register(pullRecordsRoute);
    await devices.register(headsRoute);
    await devices.register(streamRoute);
    await devices.register(devicesRoute);
  });
}
