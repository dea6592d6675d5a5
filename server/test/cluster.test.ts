// WORKERS=2: one server as two cluster workers on one port, one LMDB data directory and one NATS
// broker. Streams land on both workers; an append through either reaches every stream, the
// stream caps count over both workers, and SIGTERM to the primary ends them all.

import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type ServerProcess, startServerProcess } from '../src/testing/server-process.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { bearer, makeDevice, makeRecords, makeUser, type TestDevice } from './helpers/fixtures.js';
import { logEvent, openSse, type SseClient } from './helpers/sse.js';

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const PER_TOKEN = 4;

let database: TestDatabase;
let dataDir: string;
let server: ServerProcess;
const opened: SseClient[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  dataDir = mkdtempSync(join(tmpdir(), 'tagtime-cluster-'));
  server = await startServerProcess({
    WORKERS: '2',
    NATS_URL,
    DATA_DIR: dataDir,
    DATABASE_URL: database.url,
    MAX_STREAMS_PER_TOKEN: String(PER_TOKEN),
  });
}, 60_000);
afterAll(async () => {
  for (const stream of opened) stream.close();
  if (server && server.child.exitCode === null && server.child.signalCode === null) {
    server.child.kill('SIGTERM');
    await server.exited;
  }
  await database?.drop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** `/healthz` on a new connection: the worker that answered and the streams it holds. */
function health(): Promise<{ worker: number; streams: number }> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}/healthz`, { agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve(JSON.parse(body) as { worker: number; streams: number }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Streams held per worker, asking until both workers answered. */
async function streamsPerWorker(): Promise<Map<number, number>> {
  const seen = new Map<number, number>();
  for (let i = 0; i < 40 && seen.size < 2; i++) {
    const { worker, streams } = await health();
    seen.set(worker, streams);
  }
  return seen;
}

async function stream(device: TestDevice): Promise<SseClient> {
  const client = await openSse(`${server.url}/v1/stream`, bearer(device.token));
  opened.push(client);
  expect(client.status).toBe(200);
  return client;
}

test('the primary prints one URL and its workers; each answers with its id', async () => {
  expect(server.output()).toMatch(/WORKERS\s+2/);
  expect(server.output()).toMatch(/worker pids\s+\d+ \d+/);
  expect([...(await streamsPerWorker()).keys()].sort()).toEqual([1, 2]);
});

test('an append through one worker reaches the streams held by the other', async () => {
  const db = database.handle.db;
  const userId = await makeUser(db);
  const watch = await makeDevice(db, userId, 'watch');
  const phone = await makeDevice(db, userId, 'phone');
  const streams = [await stream(phone), await stream(phone), await stream(phone)];
  // Connections go to the workers in turn: three streams leave each worker at least one.
  const perWorker = await streamsPerWorker();
  expect(perWorker.size).toBe(2);
  for (const count of perWorker.values()) expect(count).toBeGreaterThan(0);
  expect([...perWorker.values()].reduce((a, b) => a + b, 0)).toBe(3);

  // Each append on a new connection: they land on both workers too.
  const first = 1_700_000_000_000;
  for (let i = 0; i < 4; i++) {
    const res = await fetch(`${server.url}/v1/records`, {
      method: 'POST',
      headers: { ...bearer(watch.token), 'content-type': 'application/json', connection: 'close' },
      body: JSON.stringify({ records: makeRecords(watch.deviceId, first + i, 1) }),
    });
    expect(res.status).toBe(200);
    for (const client of streams) {
      const event = await client.waitFor((e) => logEvent(e).head === first + i);
      expect(logEvent(event)).toEqual({ device: watch.deviceId, head: first + i });
    }
  }
  for (const client of streams) client.close();
});

test('the per-token cap counts the streams of both workers', async () => {
  const db = database.handle.db;
  const device = await makeDevice(db, await makeUser(db));
  const streams: SseClient[] = [];
  for (let i = 0; i < PER_TOKEN; i++) streams.push(await stream(device));
  // Neither worker holds PER_TOKEN of them, yet one more is refused.
  for (const count of (await streamsPerWorker()).values()) expect(count).toBeLessThan(PER_TOKEN);
  const refused = await fetch(`${server.url}/v1/stream`, { headers: bearer(device.token) });
  expect(refused.status).toBe(429);
  expect(((await refused.json()) as { error: unknown }).error).toMatchObject({
    code: 'too_many_streams',
    limit: PER_TOKEN,
  });
  // A closed stream frees its slot, whichever worker held it.
  streams[0]?.close();
  await expect
    .poll(async () => {
      const res = await fetch(`${server.url}/v1/stream`, { headers: bearer(device.token) });
      await res.body?.cancel();
      return res.status;
    })
    .toBe(200);
});

test('SIGTERM to the primary ends every worker and the primary exits 0', async () => {
  const pids = (/worker pids\s+([\d ]+)/.exec(server.output())?.[1] ?? '')
    .trim()
    .split(' ')
    .map(Number);
  expect(pids).toHaveLength(2);
  server.child.kill('SIGTERM');
  expect(await server.exited).toBe(0);
  for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow();
}, 30_000);
