// Web Push at each ping, end to end: two real server processes on one database and one LMDB
// folder (as WORKERS=2 has them; streams are not under test, so no NATS) send through the real web-push library to the @tagtime/push-service stand-in (real
// TLS with a test CA, RFC 8291 decryption, counts on the wire), to subscriptions made with real
// P-256 keys. PUSH_LOOKBACK_MS is large, so each user's latest ping is due at once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  deletePushSubscription,
  getPushSubscription,
  listPushOutbox,
  type PushOutboxRow,
  revokeDevice,
  savePushSubscription,
} from '@tagtime/db';
import type { LogRecord } from '@tagtime/log';
import { pushMessageSchema } from '@tagtime/log/protocol';
import { nextPing, prevPing } from '@tagtime/ping';
import {
  type PushService,
  type PushSubscriptionJSON,
  startPushService,
} from '@tagtime/push-service';
import { afterAll, beforeAll, expect, test } from 'vitest';
import webpush from 'web-push';
import { type ServerProcess, startServerProcess } from '../src/testing/server-process.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { bearer, makeDevice, makeUser, type TestDevice } from './helpers/fixtures.js';

const TICK_MS = 200;
const LEASE_MS = 2000;

let database: TestDatabase;
let dataDir: string;
let service: PushService;
const servers: ServerProcess[] = [];
const vapid = webpush.generateVAPIDKeys();
const db = () => database.handle.db;

beforeAll(async () => {
  database = await createTestDatabase();
  dataDir = mkdtempSync(join(tmpdir(), 'tagtime-push-'));
  service = await startPushService();
});
afterAll(async () => {
  for (const server of servers) await server.stop();
  await service?.close();
  await database?.drop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function startServers(count: number, extra: Record<string, string> = {}): Promise<void> {
  const env = {
    ...extra,
    DATA_DIR: dataDir,
    DATABASE_URL: database.url,
    VAPID_PUBLIC_KEY: vapid.publicKey,
    VAPID_PRIVATE_KEY: vapid.privateKey,
    VAPID_SUBJECT: 'mailto:ops@tagtime.test',
    PUSH_SERVICE_HOSTS: new URL(service.origin).host,
    NODE_EXTRA_CA_CERTS: await service.caFile(),
    PUSH_TICK_MS: String(TICK_MS),
    PUSH_LEASE_MS: String(LEASE_MS),
    PUSH_RETRY_MS: '200',
    PUSH_LOOKBACK_MS: String(48 * 3600_000),
  };
  // One after another: the first makes the LMDB environment the second opens.
  for (let i = 0; i < count; i++) servers.push(await startServerProcess(env));
}

const server = () => servers.find((s) => s.child.exitCode === null && s.child.signalCode === null);

async function subscribe(device: TestDevice, subscription: PushSubscriptionJSON): Promise<void> {
  const current = server();
  if (!current) throw new Error('no server runs');
  const res = await fetch(`${current.url}/v1/push/subscription`, {
    method: 'PUT',
    headers: { ...bearer(device.token), 'content-type': 'application/json' },
    body: JSON.stringify(subscription),
  });
  expect(res.status, await res.clone().text()).toBe(200);
}

async function append(device: TestDevice, records: Omit<LogRecord, 'device'>[]): Promise<void> {
  const current = server();
  if (!current) throw new Error('no server runs');
  const res = await fetch(`${current.url}/v1/records`, {
    method: 'POST',
    headers: { ...bearer(device.token), 'content-type': 'application/json' },
    body: JSON.stringify({ records: records.map((r) => ({ ...r, device: device.deviceId })) }),
  });
  expect(res.status).toBe(200);
}

/** Polls the user's outbox until `done` holds of its rows. */
async function outboxUntil(
  userId: string,
  done: (rows: PushOutboxRow[]) => boolean,
  timeoutMs = 10_000,
): Promise<PushOutboxRow[]> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const rows = await listPushOutbox(db(), userId);
    if (done(rows)) return rows;
    if (Date.now() > until) throw new Error(`outbox never got there: ${JSON.stringify(rows)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const ticks = (n: number) => sleep(n * TICK_MS);

/**
 * Waits out a ping due within the next 30 s (about one run in a hundred), so the latest ping
 * stays the same while a test runs (each takes a few seconds).
 */
async function awayFromNextPing(): Promise<void> {
  const now = Math.floor(Date.now() / 1000);
  const next = nextPing(now);
  if (next - now < 30) await sleep((next - now + 1) * 1000);
}

test('each ping is pushed once per subscribed browser by two processes; none to removed ones; 410 drops; 429 retries', {
  timeout: 60_000,
}, async () => {
  const userId = await makeUser(db());
  const [first, second, unsubscribed, revoked] = await Promise.all(
    [1, 2, 3, 4].map(() => makeDevice(db(), userId, 'web')),
  );
  if (!first || !second || !unsubscribed || !revoked) throw new Error('devices');
  // Browsers that subscribed and left (DELETE, revocation) before the servers ran.
  const gone = [service.subscribe(), service.subscribe()];
  for (const [device, sub] of [
    [unsubscribed, gone[0]],
    [revoked, gone[1]],
  ] as const) {
    if (!sub) throw new Error('subscription');
    await savePushSubscription(db(), { userId, deviceId: device.deviceId, ...sub, ...sub.keys });
  }
  await deletePushSubscription(db(), { deviceId: unsubscribed.deviceId });
  await revokeDevice(db(), revoked.deviceId);

  await startServers(2);
  await awayFromNextPing();
  const now = Math.floor(Date.now() / 1000);
  const ping = prevPing(now);
  const before = prevPing(ping - 1);
  await append(first, [
    { t: Date.now(), kind: 'ping', body: { ping: before, tags: ['code', 'work'] } },
  ]);

  const gone410 = await makeDevice(db(), await makeUser(db()), 'web');
  const busy = await makeDevice(db(), await makeUser(db()), 'web');
  const subs = [service.subscribe(), service.subscribe(), service.subscribe(), service.subscribe()];
  const [one, two, sub410, sub429] = subs as [PushSubscriptionJSON, ...PushSubscriptionJSON[]];
  if (!two || !sub410 || !sub429) throw new Error('subscriptions');
  service.failNext(sub410.endpoint, 1, { status: 410 });
  service.failNext(sub429.endpoint, 1, { status: 429, retryAfter: 1 });
  const subscribedAt = Date.now();
  await subscribe(first, one);
  // The second browser subscribes after the ping went to the first: it gets it all the same.
  await service.nextMessage({ endpoint: one.endpoint, timeoutMs: 10_000 });
  await subscribe(second, two);
  await subscribe(gone410, sub410);
  await subscribe(busy, sub429);

  await service.nextMessage({ endpoint: two.endpoint, timeoutMs: 10_000 });
  for (const message of [...service.messages(one.endpoint), ...service.messages(two.endpoint)]) {
    // Encrypted as RFC 8291 says (the stand-in decrypted it with the browser's keys), and signed.
    expect(message.vapid).toMatchObject({
      publicKey: vapid.publicKey,
      sub: 'mailto:ops@tagtime.test',
    });
    expect(message).toMatchObject({ urgency: 'high', topic: 'ping' });
    expect(message.ttl).toBeGreaterThan(0);
    expect(message.ttl).toBeLessThanOrEqual(nextPing(now) - now);
    expect(pushMessageSchema.parse(message.json)).toEqual({
      v: 1,
      ping,
      tags: ['code', 'work'],
      answered: [before],
    });
  }
  const retried = await service.nextMessage({ endpoint: sub429.endpoint, timeoutMs: 10_000 });
  expect((retried.json as { ping: number }).ping).toBe(prevPing(Math.floor(subscribedAt / 1000)));
  const refused429 = service.refusals(sub429.endpoint);
  expect(refused429.map((r) => r.status)).toEqual([429]);
  // Retry-After: 1 was honoured.
  expect(retried.receivedAt - (refused429[0]?.receivedAt ?? 0)).toBeGreaterThanOrEqual(900);

  await outboxUntil(gone410.userId, (rows) => rows[0]?.state === 'sent');
  expect(await getPushSubscription(db(), gone410.deviceId)).toBeUndefined();
  expect(service.refusals(sub410.endpoint).map((r) => r.status)).toEqual([410]);

  const [row] = await outboxUntil(userId, (rows) => rows.every((r) => r.state === 'sent'));
  expect(row).toMatchObject({ ping, state: 'sent' });
  // A few more ticks of both processes send nothing more, and nothing to the removed browsers.
  await ticks(5);
  const pings = (endpoint: string) =>
    service.messages(endpoint).filter((m) => (m.json as { ping: number }).ping === ping);
  expect(pings(one.endpoint)).toHaveLength(1);
  expect(pings(two.endpoint)).toHaveLength(1);
  for (const sub of gone) expect(service.count(sub?.endpoint)).toBe(0);
  expect(service.refusals(one.endpoint)).toEqual([]);
});

test('quiet hours hold the push; a process killed mid-send leaves its lease to the other', {
  timeout: 60_000,
}, async () => {
  if (servers.length === 0) await startServers(2);
  await awayFromNextPing();
  const quiet = await makeDevice(db(), await makeUser(db()), 'web');
  const minute = Math.floor(Date.now() / 60_000) % 1440;
  const hhmm = (m: number) => {
    const wrapped = (m + 1440) % 1440;
    return `${String(Math.floor(wrapped / 60)).padStart(2, '0')}:${String(wrapped % 60).padStart(2, '0')}`;
  };
  await append(quiet, [
    {
      t: Date.now(),
      kind: 'config',
      body: {
        key: 'quietHours',
        value: { start: hhmm(minute - 60), end: hhmm(minute + 120), zone: 'UTC' },
      },
    },
  ]);
  const quietSub = service.subscribe();
  await subscribe(quiet, quietSub);

  const victim = await makeDevice(db(), await makeUser(db()), 'web');
  const sub = service.subscribe();
  const held = service.holdNext(sub.endpoint);
  await subscribe(victim, sub);
  await held.arrived;
  // The process whose lease the row is under is the one sending: kill it there.
  const [leased] = await listPushOutbox(db(), victim.userId);
  const pid = Number(leased?.leaseOwner?.split(':').at(-2));
  const sender = servers.find((s) => s.child.pid === pid);
  if (!sender) throw new Error(`no server has pid ${pid}: ${leased?.leaseOwner}`);
  await sender.stop('SIGKILL');
  // The push service had the message whole: it delivers it though its sender is gone.
  held.release();
  const [row] = await outboxUntil(victim.userId, (rows) => rows[0]?.state === 'sent');
  // At least once: the held message and the surviving process's resend after the lease ran
  // out, both for the same ping (the browser shows one notification per ping).
  const messages = service.messages(sub.endpoint);
  expect(messages.length).toBeGreaterThanOrEqual(1);
  expect(messages.length).toBeLessThanOrEqual(2);
  expect(new Set(messages.map((m) => (m.json as { ping: number }).ping))).toEqual(
    new Set([row?.ping]),
  );
  expect(row?.attempts).toBe(2);
  expect(row?.leaseOwner).toBeNull();

  // Meanwhile the quiet user got nothing: the row waits for the end of the quiet hours (or is
  // dropped, if the next ping comes first).
  const [held2] = await outboxUntil(quiet.userId, (rows) => rows[0]?.lastError !== null);
  expect(held2?.lastError).toMatch(/quiet hours/);
  expect(held2?.state).not.toBe('sent');
  expect(service.count(quietSub.endpoint)).toBe(0);

  // The sender stops with a graceful close: the survivor exits 0 on SIGTERM, promptly.
  const survivor = server();
  if (!survivor) throw new Error('no server survived');
  await survivor.stop('SIGTERM');
  expect(await survivor.exited).toBe(0);
  expect(survivor.output()).not.toMatch(/web push (tick )?failed/);
});

test('WORKERS=2: every worker runs the sender, and each browser gets the ping once', {
  timeout: 60_000,
}, async () => {
  for (const s of servers) await s.stop();
  await startServers(1, {
    WORKERS: '2',
    NATS_URL: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
  });
  await awayFromNextPing();
  const ping = prevPing(Math.floor(Date.now() / 1000));
  const userId = await makeUser(db());
  const browsers = await Promise.all([1, 2, 3].map(() => makeDevice(db(), userId, 'web')));
  const subs = browsers.map(() => service.subscribe());
  for (const [i, device] of browsers.entries()) {
    const sub = subs[i];
    if (sub) await subscribe(device, sub);
  }
  await outboxUntil(userId, (rows) => rows.length > 0 && rows.every((r) => r.state === 'sent'));
  await ticks(5);
  for (const sub of subs) {
    expect(service.messages(sub.endpoint).map((m) => (m.json as { ping: number }).ping)).toEqual([
      ping,
    ]);
  }
  const cluster = server();
  if (!cluster) throw new Error('the cluster is not running');
  await cluster.stop('SIGTERM');
  expect(await cluster.exited).toBe(0);
});
