import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { bearerToken } from '../../auth/bearer.js';
import { DeviceActivity, deviceLane, TokenLanes } from '../../edge/token-lanes.js';
import { deviceAuthHook } from '../../plugins/app/device-auth.js';
import appendRecords from './append-records.js';
import devicesRoute from './devices.js';
import headsRoute from './heads.js';
import pairRoute from './pair.js';
import pullRecordsRoute from './pull-records.js';
import pushRoutes from './push.js';
import streamRoute from './stream.js';
import viewRoutes from './view.js';

/** Rate-limit key of a device call: its token (hashed, never kept in clear), else its address. */
function tokenKey(request: FastifyRequest): string {
  const token = bearerToken(request);
  return token === undefined
    ? `ip:${request.ip}`
    : `token:${createHash('sha256').update(token).digest('base64')}`;
}

/** Requests of one device waiting for their turn on appends (or pulls); more are a 429. */
const QUEUED_PER_TOKEN = 16;

/**
 * One device may use at most a quarter of a core scanning, parsing and validating its appends
 * (after a burst of a second): a valid batch of 1 MiB of tiny values costs some 200 ms of it,
 * a refused wide one a few ms, and a token that sends them back to back must leave the rest to
 * everyone else. Honest ingest (1000-record batches, back to back) uses under half of that.
 */
const APPEND_CPU_SHARE = 0.25;
const APPEND_CPU_BURST_MS = 1000;

/**
 * While other devices use the server, one device's pulls get half a core (after a burst of a
 * tenth of a second): ten pull loops of one token otherwise kept a core and the machine busy,
 * and another user's requests waited for the scheduler. Alone, a device pulls at full speed.
 */
const PULL_CONTENDED_SHARE = 0.5;
const PULL_CPU_BURST_MS = 100;

/** Sync protocol v1 (DESIGN.md): pairing, then the device routes behind a token. */
export default async function v1Routes(app: FastifyInstance): Promise<void> {
  const concurrent = app.config.concurrentPerToken;
  const appendLanes = new TokenLanes({
    concurrent,
    queued: QUEUED_PER_TOKEN,
    cpuShare: APPEND_CPU_SHARE,
    cpuBurstMs: APPEND_CPU_BURST_MS,
  });
  const activity = new DeviceActivity();
  const pullLanes = new TokenLanes({
    concurrent,
    queued: QUEUED_PER_TOKEN,
    contendedShare: PULL_CONTENDED_SHARE,
    cpuBurstMs: PULL_CPU_BURST_MS,
    activity,
  });
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
    devices.addHook('onRequest', async (request) => activity.seen(deviceLane(request)));
    await devices.register(appendRecords, { lanes: appendLanes });
    await devices.register(pullRecordsRoute, { lanes: pullLanes });
    await devices.register(headsRoute);
    await devices.register(streamRoute);
    await devices.register(devicesRoute);
    await devices.register(viewRoutes, { lanes: pullLanes });
    await devices.register(pushRoutes);
  });
}
