import type { FastifyInstance, FastifyRequest } from 'fastify';
import { adminAuthHook } from '../../plugins/app/admin-auth.js';
import adminContextRoute from './context.js';
import adminExportRoute from './export.js';
import adminFacetsRoute from './facets.js';
import adminHistogramRoute from './histogram.js';
import adminPingsRoute from './pings.js';
import adminRecordsRoute from './records.js';
import adminSearchRoute from './search.js';
import adminStatsRoute from './stats.js';
import adminStreamRoute from './stream.js';

/**
 * The console's support API: service credential + named staff member + reason, every call
 * audited before it reads. Each answer says its server time in `Server-Timing` (`app;dur=ms`),
 * which the console's bench reports.
 */
export default async function adminRoutes(app: FastifyInstance): Promise<void> {
  const started = new WeakMap<FastifyRequest, bigint>();
  app.addHook('onRequest', async (request) => {
    started.set(request, process.hrtime.bigint());
  });
  app.addHook('onRequest', adminAuthHook(app));
  app.addHook('onSend', async (request, reply) => {
    const start = started.get(request);
    if (start === undefined) return;
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    reply.header('server-timing', `app;dur=${ms.toFixed(2)}`);
  });
  await app.register(adminRecordsRoute);
  await app.register(adminFacetsRoute);
  await app.register(adminHistogramRoute);
  await app.register(adminContextRoute);
  await app.register(adminExportRoute);
  await app.register(adminPingsRoute);
  await app.register(adminSearchRoute);
  await app.register(adminStreamRoute);
  await app.register(adminStatsRoute);
}
