// The sender wakes at the second of a user's next ping, not a tick later: in-process, with its
// clock set half a second before a real ping of the universal schedule, a long tick, and the
// push-service stand-in counting what reaches it.
import { savePushSubscription } from '@tagtime/db';
import { nextPing } from '@tagtime/ping';
import { type PushService, startPushService } from '@tagtime/push-service';
import { afterAll, beforeAll, expect, test } from 'vitest';
import webpush from 'web-push';
import { loadConfig } from '../src/config.js';
import { PushSender } from '../src/push/push-sender.js';
import { startTestApp, type TestServer } from './helpers/app.js';
import { makeDevice, makeUser } from './helpers/fixtures.js';

let server: TestServer;
let service: PushService;

beforeAll(async () => {
  server = await startTestApp();
  service = await startPushService();
});
afterAll(async () => {
  await service?.close();
  await server?.close();
});

test("a ping's push leaves at the ping's second, once, and not before it", async () => {
  const db = server.database.handle.db;
  const device = await makeDevice(db, await makeUser(db), 'web');
  const browser = service.subscribe();
  await savePushSubscription(db, {
    userId: device.userId,
    deviceId: device.deviceId,
    endpoint: browser.endpoint,
    ...browser.keys,
  });
  const ping = nextPing(Math.floor(Date.now() / 1000));
  const offset = ping * 1000 - 500 - Date.now();
  const now = () => Date.now() + offset;
  const sender = new PushSender({
    db,
    store: server.app.store,
    config: {
      ...loadConfig({}).push,
      vapid: { ...webpush.generateVAPIDKeys(), subject: 'mailto:ops@tagtime.test' },
      serviceHosts: [new URL(service.origin).host],
      // Only the wake-up at the ping can send in time; the previous ping is too old to push.
      tickMs: 60_000,
      lookbackMs: 1000,
    },
    log: server.app.log,
    now,
    agent: service.agent,
  });
  sender.start();
  try {
    const message = await service.nextMessage({ endpoint: browser.endpoint, timeoutMs: 5000 });
    expect((message.json as { ping: number }).ping).toBe(ping);
    expect(message.receivedAt + offset).toBeGreaterThanOrEqual(ping * 1000);
    expect(service.count(browser.endpoint)).toBe(1);
  } finally {
    await sender.stop();
  }
});
