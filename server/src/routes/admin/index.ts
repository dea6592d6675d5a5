import type { FastifyInstance } from 'fastify';
import { adminAuthHook } from '../../plugins/app/admin-auth.js';
import adminRecordsRoute from './records.js';
import adminStatsRoute from './stats.js';
import adminStreamRoute from './stream.js';

/** The console's support API: service credential + named staff member, every call audited. */
export default async function adminRoutes(app: FastifyInstance): Promise<void> {
  app.addHook('onRequest', adminAuthHook(app));
  await app.register(adminRecordsRoute);
  await app.register(adminStreamRoute);
  await app.register(adminStatsRoute);
}
