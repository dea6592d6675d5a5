// Past one process: two server processes on two ports share one NATS broker and one LMDB data
// directory; a device streaming from each; an append through one reaches the stream on the other.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StreamEvent } from '@tagtime/log/protocol';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { NatsNotifier } from '../src/notify/nats-notifier.js';
import { type ServerProcess, startServerProcess } from '../src/testing/server-process.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { bearer, makeDevice, makeRecords, makeUser } from './helpers/fixtures.js';
import { logEvent, openSse } from './helpers/sse.js';

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

let database: TestDatabase;
let dataDir: string;
const servers: ServerProcess[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  dataDir = mkdtempSync(join(tmpdir(), 'tagtime-nats-'));
});
afterAll(async () => {
  for (const server of servers) {
    server.child.kill('SIGTERM');
    await server.exited;
  }
  await database?.drop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test('NatsNotifier delivers across connections, once per listener, only to the user subscribed', async () => {
  const errors: unknown[] = [];
  const a = await NatsNotifier.connect(NATS_URL, (error) => errors.push(error));
  const b = await NatsNotifier.connect(NATS_URL, (error) => errors.push(error));
  try {
    const user = `usr_${Math.random().toString(36).slice(2)}`;
    const onA: StreamEvent[] = [];
    const onB: StreamEvent[] = [];
    const otherUser: StreamEvent[] = [];
    const offA = a.subscribe(user, (event) => onA.push(event));
    b.subscribe(user, (event) => onB.push(event));
    b.subscribe(`${user}x`, (event) => otherUser.push(event));
    await Promise.all([a.ready(), b.ready()]);
    await a.publish(user, { device: 'dev_1', head: 5 });
    for (let i = 0; i < 100 && (onA.length < 1 || onB.length < 1); i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(onA).toEqual([{ device: 'dev_1', head: 5 }]);
    expect(onB).toEqual([{ device: 'dev_1', head: 5 }]);
    offA();
    await b.publish(user, { device: 'dev_1', head: 6 });
    for (let i = 0; i < 100 && onB.length < 2; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(onB).toHaveLength(2);
    expect(onA).toHaveLength(1);
    expect(otherUser).toEqual([]);
    expect(errors).toEqual([]);
  } finally {
    await a.close();
    await b.close();
  }
});

test('two server processes, one broker: an append through one reaches a stream on the other', async () => {
  const db = database.handle.db;
  const userId = await makeUser(db);
  const watch = await makeDevice(db, userId, 'watch');
  const phone = await makeDevice(db, userId, 'phone');
  const env = { DATA_DIR: dataDir, DATABASE_URL: database.url, NATS_URL };
  servers.push(await startServerProcess(env), await startServerProcess(env));
  const [first, second] = servers as [ServerProcess, ServerProcess];
  expect(first.url).not.toBe(second.url);

  const onFirst = await openSse(`${first.url}/v1/stream`, bearer(phone.token));
  const onSecond = await openSse(`${second.url}/v1/stream`, bearer(watch.token));
  try {
    // A stream answers only once its broker subscription is active, so one append suffices.
    const last = 1_700_000_000_000;
    const res = await fetch(`${first.url}/v1/records`, {
      method: 'POST',
      headers: { ...bearer(watch.token), 'content-type': 'application/json' },
      body: JSON.stringify({ records: makeRecords(watch.deviceId, last, 1) }),
    });
    expect(res.status).toBe(200);
    const remote = await onSecond.waitFor((event) => logEvent(event).head === last);
    expect(logEvent(remote)).toEqual({ device: watch.deviceId, head: last });
    // The stream on the appending process gets it too, through the same broker.
    const local = await onFirst.waitFor((event) => logEvent(event).head === last);
    expect(logEvent(local)).toEqual({ device: watch.deviceId, head: last });
    // And both processes serve the record from the shared store.
    const heads = await fetch(`${second.url}/v1/heads`, { headers: bearer(phone.token) });
    expect(((await heads.json()) as { heads: Record<string, number> }).heads).toEqual({
      [watch.deviceId]: last,
    });
  } finally {
    onFirst.close();
    onSecond.close();
  }
}, 60_000);
