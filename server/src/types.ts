import type { Database } from '@tagtime/db';
import type { AddressThrottle } from './auth/address-throttle.js';
import type { DeviceAuthenticator, DeviceIdentity } from './auth/device-auth.js';
import type { ServerConfig } from './config.js';
import type { DatabaseHealth } from './lib/database-health.js';
import type { Notifier } from './notify/notifier.js';
import type { PushSender } from './push/push-sender.js';
import type { LogStore } from './store/log-store.js';
import type { EventStreams } from './stream/event-streams.js';
import type { RevocationWatch } from './stream/revocation-watch.js';
import type { StreamAdmission } from './stream/stream-limits.js';

/** The staff member an admin call acts for, as named by the console. */
export interface StaffActor {
  userId: string;
  role: string;
  /** Why the staff member reads (required on every admin call). */
  reason: string;
  /**
   * The intent this read belongs to (one page view or query, DESIGN.md "Staff audit by
   * intent"): the console's `X-Audit-Intent`, or this request's own when it names none.
   */
  intentId: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    config: ServerConfig;
    store: LogStore;
    notifier: Notifier;
    db: Database;
    deviceAuth: DeviceAuthenticator;
    streams: EventStreams;
    streamLimits: StreamAdmission;
    revocations: RevocationWatch;
    unknownTokens: AddressThrottle;
    /** Whether MariaDB answers (a shared, briefly cached check). */
    databaseHealth: DatabaseHealth;
    /** Web Push at each ping; undefined when no VAPID keys are configured. */
    pushSender: PushSender | undefined;
  }
  interface FastifyRequest {
    /** Set by the device-auth hook on every device route. */
    device: DeviceIdentity;
    /** Set by the admin-auth hook on every admin route. */
    staff: StaffActor;
  }
}
