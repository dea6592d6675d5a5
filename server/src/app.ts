import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { ServerConfig } from './config.js';
import {
  answerUnroutedRequests,
  clientErrorHandler,
  frameworkErrors,
} from './edge/client-errors.js';
import { limitConnections } from './edge/connection-limits.js';
import jsonBody from './edge/json-body.js';
import { limitUnauthenticatedSockets } from './edge/unauthenticated-sockets.js';
import { AppError } from './errors.js';
import errors from './plugins/app/errors.js';
import pushSender from './plugins/app/push-sender.js';
import resources from './plugins/app/resources.js';
import deviceCors from './plugins/external/cors.js';
import rateLimit from './plugins/external/rate-limit.js';
import swagger from './plugins/external/swagger.js';
import { OneLinePerRequest } from './request-log.js';
import adminRoutes from './routes/admin/index.js';
import healthRoute from './routes/health.js';
import serviceRoutes from './routes/service/index.js';
import v1Routes from './routes/v1/index.js';
import type { LogStore } from './store/log-store.js';
import type { StreamAdmission } from './stream/stream-limits.js';
import './types.js';

export interface AppOptions {
  config: ServerConfig;
  /** Use this store instead of opening LMDB under config.dataDir; the caller closes it. */
  store?: LogStore;
  /** Stream caps counted outside this app (a cluster worker's: by the primary, over all). */
  streamLimits?: StreamAdmission;
  /** Fastify logger setting; default: pino at config.logLevel. */
  logger?: FastifyServerOptions['logger'];
}

/** Requests other than appends carry small JSON bodies. */
const DEFAULT_BODY_LIMIT = 64 * 1024;

/**
 * pino at the configured level; `pretty` prints one readable line per entry (pino-pretty, in
 * pino's worker thread) for people watching `npm start`, `json` one object per line.
 */
function loggerOptions(config: ServerConfig): FastifyServerOptions['logger'] {
  if (config.logFormat === 'json') return { level: config.logLevel };
  return {
    level: config.logLevel,
    transport: {
      target: 'pino-pretty',
      options: { singleLine: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,reqId' },
    },
  };
}

/** Builds the server as a Fastify instance, ready to `listen` or to `inject` in tests. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? loggerOptions(options.config),
    logController: new OneLinePerRequest(),
    bodyLimit: DEFAULT_BODY_LIMIT,
    // Hijacked SSE responses must not keep a closing server waiting.
    forceCloseConnections: true,
    // Our own 503 while closing (below), so even that answer has the error shape.
    return503OnClosing: false,
    // Slow clients: a request must arrive whole within requestTimeout (a stream's request is
    // complete with its headers, so streams are not cut); Node checks every second. No idle
    // timeout on sockets (connectionTimeout), which would end quiet streams.
    requestTimeout: options.config.requestTimeoutMs,
    connectionTimeout: 0,
    keepAliveTimeout: 65_000,
    http: {
      headersTimeout: Math.min(options.config.requestTimeoutMs, 10_000),
      connectionsCheckingInterval: 1000,
    },
    clientErrorHandler,
    frameworkErrors,
  });
  limitConnections(app.server, options.config.connections);
  answerUnroutedRequests(app.server);
  limitUnauthenticatedSockets(
    app,
    Math.min(options.config.unauthenticatedTimeoutMs, options.config.requestTimeoutMs),
  );
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // Every body of this API is JSON (edge/json-body.ts); anything else is a 415, not a string
  // for the routes to guess.
  app.removeContentTypeParser('text/plain');

  await app.register(errors);
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onRequest', async (_request, reply) => {
    if (!closing) return;
    reply.header('connection', 'close');
    throw new AppError('unavailable', 'The server is shutting down; retry in a moment.');
  });
  await app.register(jsonBody);
  await app.register(resources, {
    config: options.config,
    ...(options.store ? { store: options.store } : {}),
    ...(options.streamLimits ? { streamLimits: options.streamLimits } : {}),
  });
  await app.register(pushSender);
  await app.register(rateLimit);
  await app.register(swagger);
  await app.register(healthRoute);
  await app.register(
    async (v1) => {
      await v1.register(deviceCors, { origins: options.config.corsOrigins });
      await v1.register(v1Routes);
    },
    { prefix: '/v1' },
  );
  await app.register(adminRoutes, { prefix: '/admin/v1' });
  await app.register(serviceRoutes, { prefix: '/service/v1' });
  return app;
}
