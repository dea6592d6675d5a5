import { createDb } from '@tagtime/db';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { AddressThrottle } from '../../auth/address-throttle.js';
import { dbDeviceDirectory } from '../../auth/db-directory.js';
import { DeviceAuthenticator } from '../../auth/device-auth.js';
import type { ServerConfig } from '../../config.js';
import { DatabaseHealth } from '../../lib/database-health.js';
import { LocalNotifier } from '../../notify/local-notifier.js';
import { NatsNotifier } from '../../notify/nats-notifier.js';
import type { Notifier } from '../../notify/notifier.js';
import type { LogStore } from '../../store/log-store.js';
import { openLmdbStore } from '../../store/open-store.js';
import { EventStreams } from '../../stream/event-streams.js';
import { RevocationWatch } from '../../stream/revocation-watch.js';
import { type StreamAdmission, StreamLimits } from '../../stream/stream-limits.js';

export interface ResourceOptions {
  config: ServerConfig;
  /** A store to use instead of opening the LMDB one under `config.dataDir` (kept open on close). */
  store?: LogStore;
  /** Stream caps counted elsewhere (by the cluster primary, over all workers). */
  streamLimits?: StreamAdmission;
}

/**
 * The app's long-lived resources as decorators: the log store, the MariaDB client, the notifier,
 * the device-token cache and the open streams. They close in reverse order with the app.
 */
async function resources(app: FastifyInstance, options: ResourceOptions): Promise<void> {
  const { config } = options;
  const store = options.store ?? openLmdbStore(config, (level, line) => app.log[level](line));
  const database = createDb(config.databaseUrl);
  const reportError = (error: unknown) => app.log.error({ err: error }, 'background task failed');
  const notifier: Notifier = config.natsUrl
    ? await NatsNotifier.connect(config.natsUrl, reportError)
    : new LocalNotifier();
  const streams = new EventStreams(notifier, config.heartbeatMs);

  app.decorate('config', config);
  app.decorate('store', store);
  app.decorate('db', database.db);
  app.decorate('notifier', notifier);
  const directory = dbDeviceDirectory(database.db);
  const revocations = new RevocationWatch(
    (ids) => directory.active(ids),
    Math.max(config.authCacheMs, 100),
    reportError,
  );
  app.decorate('deviceAuth', new DeviceAuthenticator(directory, config.authCacheMs, reportError));
  app.decorate('streams', streams);
  app.decorate('streamLimits', options.streamLimits ?? new StreamLimits(config.streams));
  app.decorate('revocations', revocations);
  app.decorate('unknownTokens', new AddressThrottle(config.rateLimit.unknownTokensPerIp));
  app.decorate('databaseHealth', new DatabaseHealth(() => database.pool.query('SELECT 1')));

  // Streams never end by themselves; they must close before the HTTP server can.
  app.addHook('preClose', async () => {
    revocations.stop();
    streams.closeAll();
  });

  app.addHook('onClose', async () => {
    await notifier.close();
    await database.close();
    if (!options.store) await store.close();
  });
}

export default fp(resources, { name: 'resources' });
