// GET /v1/view and /v1/view/tags on a real server on loopback: the user's kept view equals a
// fold of every record GET /v1/records serves, after appends of several devices in any
// interleaving (a late device, renames and deletes among them), after a restart, and with
// WORKERS=2 where both processes append for the same user and each reads what the other wrote.
// A store written before kept views existed has them folded once at start.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { foldLog, type LogRecord, tagSnapshot } from '@tagtime/log';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { LmdbLogStore } from '../src/store/lmdb-store.js';
import { type ServerProcess, startServerProcess } from '../src/testing/server-process.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { makeDevice, makeUser, type TestDevice } from './helpers/fixtures.js';
import { appendOk, call, foldOfPull, keptView, pullAll } from './helpers/view-http.js';
import { mixedRecords, seeded } from './helpers/view-records.js';

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const T0 = 1_700_000_000_000;
const DAY = 86_400_000;

let database: TestDatabase;
let dataDir: string;
const running = new Set<ServerProcess>();

beforeAll(async () => {
  database = await createTestDatabase();
}, 60_000);
afterAll(async () => {
  await database?.drop();
});
afterEach(async () => {
  for (const server of running) await stop(server);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function start(extra: NodeJS.ProcessEnv = {}): Promise<ServerProcess> {
  const server = await startServerProcess({
    DATA_DIR: dataDir,
    DATABASE_URL: database.url,
    RATE_LIMIT_PER_TOKEN: '1000000',
    ...extra,
  });
  running.add(server);
  return server;
}

async function stop(server: ServerProcess): Promise<void> {
  running.delete(server);
  if (server.child.exitCode === null && server.child.signalCode === null) {
    server.child.kill('SIGTERM');
    await server.exited;
  }
}

async function devicesOf(n: number): Promise<TestDevice[]> {
  const userId = await makeUser(database.handle.db);
  const devices: TestDevice[] = [];
  for (let i = 0; i < n; i++) devices.push(await makeDevice(database.handle.db, userId));
  return devices;
}

/**
 * Appends each device's records in batches of 1–40 in a random interleaving; the last device
 * comes late: all its records, which lie among the others' in time, after everyone else's.
 */
async function appendInterleaved(
  url: string,
  devices: TestDevice[],
  seed: number,
  n: number,
  t0 = T0,
) {
  const rand = seeded(seed);
  const queues = devices.map((device, i) => ({
    device,
    records: mixedRecords(rand, device.deviceId, t0 + i, n),
  }));
  const late = queues.pop();
  while (queues.some((q) => q.records.length > 0)) {
    const open = queues.filter((q) => q.records.length > 0);
    const q = open[Math.floor(rand() * open.length)] as (typeof open)[number];
    await appendOk(url, q.device.token, q.records.splice(0, 1 + Math.floor(rand() * 40)));
  }
  while (late && late.records.length > 0) {
    await appendOk(url, late.device.token, late.records.splice(0, 1 + Math.floor(rand() * 40)));
  }
}

describe('one server', () => {
  test('the view equals a fold of the pulled records, and again after a restart', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tagtime-view-'));
    let server = await start();
    const devices = await devicesOf(3);
    const token = (devices[0] as TestDevice).token;
    await appendInterleaved(server.url, devices, 1, 120);
    const expected = await foldOfPull(server.url, token);
    expect(expected.size).toBe(360);
    expect(expected.renames.length).toBeGreaterThan(0);
    expect(await keptView(server.url, token)).toEqual(expected);
    // Every device of the user reads the same view.
    expect(await keptView(server.url, (devices[2] as TestDevice).token)).toEqual(expected);
    // A user of no records has an empty view; nobody reads another's.
    const [stranger] = await devicesOf(1);
    expect(await keptView(server.url, (stranger as TestDevice).token)).toEqual(
      foldLog([], { timeZone: 'UTC' }).state(),
    );

    await stop(server);
    server = await start();
    expect(await keptView(server.url, token)).toEqual(expected);
    // And it goes on from there.
    await appendInterleaved(server.url, devices.slice(0, 2), 2, 30, T0 + 100 * DAY);
    expect(await keptView(server.url, token)).toEqual(await foldOfPull(server.url, token));
  }, 120_000);

  test('the tag snapshot, its asOf, bad input and the timing header', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tagtime-view-'));
    const server = await start();
    const devices = await devicesOf(2);
    const token = (devices[0] as TestDevice).token;
    await appendInterleaved(server.url, devices, 3, 80);
    const records: LogRecord[] = await pullAll(server.url, token);
    const fold = foldLog(records, { timeZone: 'UTC' });

    const asOf = 1_700_030_000;
    const answer = await call(`${server.url}/v1/view/tags?asOf=${asOf}`, token, 'GET');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ snapshot: tagSnapshot(fold, asOf) });
    expect(answer.headers['server-timing']).toMatch(/^app;dur=\d+\.\d\d$/);

    const now = Math.floor(Date.now() / 1000);
    const byDefault = (await call(`${server.url}/v1/view/tags`, token, 'GET')).body as {
      snapshot: { asOf: number };
    };
    expect(byDefault.snapshot.asOf).toBeGreaterThanOrEqual(now);
    expect(byDefault.snapshot.asOf).toBeLessThan(now + 60);

    for (const bad of ['abc', '-5', '1.5', '', '123456789012']) {
      const refused = await call(`${server.url}/v1/view/tags?asOf=${bad}`, token, 'GET');
      expect(refused.status, `asOf=${bad}`).toBe(400);
      expect(refused.body).toEqual({
        error: { code: 'invalid_input', message: expect.stringContaining('asOf') },
      });
    }
    for (const path of ['/v1/view', '/v1/view/tags']) {
      const anonymous = await call(`${server.url}${path}`, 'not-a-token', 'GET');
      expect(anonymous.status).toBe(401);
    }
    const view = await call(`${server.url}/v1/view`, token, 'GET');
    expect(view.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(view.headers['server-timing']).toMatch(/^app;dur=/);
  }, 120_000);
});

test('WORKERS=2: both workers append for one user and each serves the whole view', async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'tagtime-view-workers-'));
  const server = await start({ WORKERS: '2', NATS_URL });
  const devices = await devicesOf(3);
  const token = (devices[1] as TestDevice).token;
  // Each request on a connection of its own: the cluster deals them out to both workers, so
  // each worker's cached view falls behind the other's appends and must catch up.
  for (let round = 0; round < 4; round++) {
    await appendInterleaved(server.url, devices, 10 + round, 15, T0 + round * 10 * DAY);
    const expected = await foldOfPull(server.url, token);
    for (let i = 0; i < 4; i++) expect(await keptView(server.url, token)).toEqual(expected);
  }
  const workers = new Set<number>();
  for (let i = 0; i < 10 && workers.size < 2; i++) {
    const health = await call(`${server.url}/healthz`, token, 'GET');
    workers.add((health.body as { worker: number }).worker);
  }
  expect(workers.size).toBe(2);
}, 120_000);

describe('a store whose kept views are missing (written by an older server)', () => {
  /** A store with the user's records and no kept view, as an older server left it. */
  async function olderStore(devices: TestDevice[]): Promise<void> {
    const store = new LmdbLogStore({ path: dataDir });
    try {
      const rand = seeded(21);
      for (const [i, device] of devices.entries()) {
        await store.append(
          device.userId,
          device.deviceId,
          mixedRecords(rand, device.deviceId, T0 + i, 300),
        );
      }
      for (const key of store.views.db.getKeys({})) await store.views.db.remove(key);
    } finally {
      await store.close();
    }
  }

  test.each([
    { mode: 'one process', env: { LOG_LEVEL: 'info' } },
    { mode: 'WORKERS=2', env: { WORKERS: '2', NATS_URL } },
  ])(
    '$mode: they are folded once at start, with progress, before any request',
    async ({ env }) => {
      dataDir = mkdtempSync(join(tmpdir(), 'tagtime-view-catch-up-'));
      const devices = await devicesOf(2);
      await olderStore(devices);
      const server = await start(env);
      const lines = server
        .output()
        .split('\n')
        .filter((line) => line.includes('kept views:'));
      expect(lines).toEqual([
        expect.stringMatching(
          /kept views: 1 user brought up to date, 600 records folded in .* records\/s/,
        ),
      ]);
      const token = (devices[0] as TestDevice).token;
      expect(await keptView(server.url, token)).toEqual(await foldOfPull(server.url, token));
    },
    60_000,
  );
});
