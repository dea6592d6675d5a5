import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/**
 * CORS for the device API only (registered inside `/v1`): the console's web pinger runs in a
 * browser on the console's origin and talks to this server directly (DESIGN.md, "How browsers
 * reach the log server"). Only the configured origins get an allowing answer; any other page
 * gets none, so its script cannot read a single answer. Credentials are the bearer token, never
 * cookies, so `credentials` stays off. Preflights are cached for ten minutes.
 */
async function deviceCors(app: FastifyInstance, options: { origins: readonly string[] }) {
  const allowed = new Set(options.origins);
  await app.register(cors, {
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
    methods: ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'Accept', 'Cache-Control', 'Last-Event-ID'],
    maxAge: 600,
    strictPreflight: true,
  });
}

export default fp(deviceCors, { name: 'device-cors' });
