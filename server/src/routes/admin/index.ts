import type { FastifyInstance } from 'fastify';
import { auditRefusal } from '../../admin/audit.js';
import { serverTiming, startTiming } from '../../admin/timing.js';
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
 * audited before it reads, and every refused call of a known staff member audited as refused. Each answer says its server time in `Server-Timing` (`app;dur=ms`,
 * with the MariaDB share as `db`), which the console's bench reports.
 */
export default async function adminRoutes(app: FastifyInstance): Promise<void> {
  app.addHook('onRequest', async (request) => startTiming(request));
  app.addHook('onRequest', adminAuthHook(app));
  app.addHook('onError', auditRefusal(app));
  app.addHook('onSend', async (request, reply) => {
    const timing = serverTiming(request);
    if (timing) reply.header('server-timing', timing);
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
