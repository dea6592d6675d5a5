// A sync that fails below LMDB. The server process runs with faults/sync-fault.c preloaded: the
// fsync/fdatasync that LMDB's own native code calls fails with EIO when the test says so, the
// writes it never synced are dropped as a kernel drops a failed writeback's pages, and a power
// loss leaves only what was synced. The attack: appends whose sync fails are answered 503;
// the client sends them again once the disk works; then the power goes. Every record ever
// answered 200 must be there afterwards, in the quiet store's synchronous commit, in the group
// commit, and with WORKERS=2 (where one process must not acknowledge another's unsynced commit).
// Also: an answer never comes before the sync (a held sync holds the answer), and a store that
// never syncs at all fails here, unlike under a SIGKILL, which leaves the page cache intact.
// The user's kept view, written in the same commits, never holds a refused record.
import { spawnSync } from 'node:child_process';
import { foldLog, type LogRecord } from '@tagtime/log';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { LmdbLogStore } from '../../src/store/lmdb-store.js';
import { type ServerProcess, startServerProcess } from '../../src/testing/server-process.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { bearer, makeDevice, makeRecords, makeUser, type TestDevice } from '../helpers/fixtures.js';
import { SERVER_DIR } from '../helpers/process.js';
import { SyncFaultDisk } from '../helpers/sync-fault.js';
import { keptView, pullAll } from '../helpers/view-http.js';

let database: TestDatabase;
let devices: TestDevice[];
let t = 1_700_000_000_000;

beforeAll(async () => {
  database = await createTestDatabase();
  const userId = await makeUser(database.handle.db);
  devices = [];
  for (let i = 0; i < 4; i++) devices.push(await makeDevice(database.handle.db, userId));
}, 60_000);
afterAll(async () => {
  await database?.drop();
});
/** Servers a failed assertion left running: killed, so none lives on past its test. */
const running = new Set<ServerProcess>();
afterEach(async () => {
  for (const server of running) await kill(server);
});

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

async function append(url: string, device: TestDevice, records: LogRecord[]): Promise<Answer> {
  const res = await fetch(`${url}/v1/records`, {
    method: 'POST',
    headers: { ...bearer(device.token), 'content-type': 'application/json' },
    body: JSON.stringify({ records }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

function batch(device: TestDevice, n = 50): LogRecord[] {
  const records = makeRecords(device.deviceId, t, n);
  t += n + 10;
  return records;
}

/** A server on the faulty disk; `kill` is a power loss's first half (no close, no sync). */
async function start(
  disk: SyncFaultDisk,
  workers: number,
  commits = 'auto',
): Promise<ServerProcess> {
  const server = await startServerProcess({
    ...disk.env,
    LOG_COMMITS: commits,
    DATABASE_URL: database.url,
    WORKERS: String(workers),
    ...(workers > 1 ? { NATS_URL: process.env.NATS_URL ?? 'nats://127.0.0.1:4222' } : {}),
    RATE_LIMIT_PER_TOKEN: '1000000',
  });
  running.add(server);
  return server;
}

async function kill(server: ServerProcess): Promise<void> {
  running.delete(server);
  // Workers first, then the primary, so none lives on to sync after the "power loss".
  const pids = /worker pids\s+([\d ]+)/.exec(server.output())?.[1]?.trim().split(/\s+/) ?? [];
  for (const pid of pids) {
    try {
      process.kill(Number(pid), 'SIGKILL');
    } catch {
      // gone already
    }
  }
  server.child.kill('SIGKILL');
  await server.exited;
  for (const pid of pids) {
    for (let i = 0; i < 200 && alive(Number(pid)); i++) await sleep(10);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The user's kept view is the fold of exactly the records stored, none of `refused` among them. */
async function expectViewWithout(url: string, refused: LogRecord[]): Promise<void> {
  const token = (devices[0] as TestDevice).token;
  const records = await pullAll(url, token);
  const stored = new Set(records.map((record) => `${record.device}:${record.t}`));
  expect(refused.filter((record) => stored.has(`${record.device}:${record.t}`))).toEqual([]);
  expect(await keptView(url, token)).toEqual(foldLog(records, { timeZone: 'UTC' }).state());
}

/** Sends a batch until it is answered 200 (a refused one is kept and sent again, as clients do). */
async function sendUntilStored(
  url: string,
  device: TestDevice,
  records: LogRecord[],
  seen: Answer[],
): Promise<Answer> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const answer = await append(url, device, records);
    seen.push(answer);
    if (answer.status === 200) return answer;
    expect(answer.status).toBe(503);
    await sleep(50);
  }
  throw new Error('the batch was never stored');
}

/**
 * Every acknowledged record is in the store after the power loss, and the store verifies. The
 * store is opened by a process of its own (faults/check-store.ts): a corrupt one may abort.
 */
function expectAllAcknowledged(disk: SyncFaultDisk, acked: LogRecord[]): void {
  const expected = acked.map((record) => {
    const device = devices.find((d) => d.deviceId === record.device) as TestDevice;
    return JSON.stringify([device.userId, device.deviceId, record.t]);
  });
  const checked = spawnSync(
    process.execPath,
    ['--conditions=@tagtime/source', '--import', 'tsx', 'test/faults/check-store.ts', disk.dataDir],
    { cwd: SERVER_DIR, input: expected.join('\n'), encoding: 'utf8' },
  );
  expect(checked.status, `the store did not open after the power loss:\n${checked.stderr}`).toBe(0);
  const found = JSON.parse(checked.stdout) as { problems: string[]; missing: unknown[] };
  expect(found.problems).toEqual([]);
  expect(found.missing.length, 'acknowledged records lost after the power loss').toBe(0);
}

describe.each([
  { name: 'the quiet synchronous commit', workers: 1, together: 1, commits: 'auto' },
  { name: 'the group commit', workers: 1, together: 4, commits: 'group' },
  { name: 'WORKERS=2', workers: 2, together: 4, commits: 'group' },
])('a failed sync in $name', ({ workers, together, commits }) => {
  test('refuses, never acknowledges the refused records until they are durable, and loses nothing acknowledged', async () => {
    const disk = new SyncFaultDisk('failed-sync');
    try {
      let server = await start(disk, workers, commits);
      const acked: LogRecord[] = [];
      const answers: Answer[] = [];
      const first = batch(devices[0] as TestDevice);
      expect((await append(server.url, devices[0] as TestDevice, first)).status).toBe(200);
      acked.push(...first);

      // The disk fails every sync; appends (several at once for the group commit) are refused.
      disk.failSyncs(true);
      const sent = devices.slice(0, together).map((device) => ({ device, records: batch(device) }));
      const answering = sent.map((s) => append(server.url, s.device, s.records));
      const refused = await Promise.all(answering);
      for (const answer of refused) {
        expect(answer.status).toBe(503);
        expect(answer.body).toEqual({
          error: expect.objectContaining({ code: 'unavailable' }),
        });
      }
      expect(disk.failures().length).toBeGreaterThan(0);

      // The disk works again; the view holds none of the refused batches. Then each client
      // sends its refused batch again until it is stored.
      disk.failSyncs(false);
      await expectViewWithout(
        server.url,
        sent.flatMap((s) => s.records),
      );
      // Refused means nothing was stored: a resend is taken as new, never as duplicates of
      // records that are visible but were never synced.
      for (const s of sent) {
        const stored = await sendUntilStored(server.url, s.device, s.records, answers);
        expect.soft(stored.body).toMatchObject({ accepted: s.records.length, duplicates: 0 });
        acked.push(...s.records);
      }
      // And one more batch, so the store is seen to go on.
      const after = batch(devices[0] as TestDevice);
      await sendUntilStored(server.url, devices[0] as TestDevice, after, answers);
      acked.push(...after);
      await expectViewWithout(server.url, []);

      await kill(server);
      disk.losePower();
      expectAllAcknowledged(disk, acked);

      // A server on the same disk after the power loss serves them all.
      server = await start(disk, workers, commits);
      try {
        const res = await fetch(`${server.url}/v1/heads`, {
          headers: bearer((devices[0] as TestDevice).token),
        });
        const { heads } = (await res.json()) as { heads: Record<string, number> };
        expect(heads[(devices[0] as TestDevice).deviceId]).toBe(after.at(-1)?.t);
      } finally {
        await kill(server);
      }
    } finally {
      disk.remove();
    }
  }, 120_000);
});

describe.each([
  { name: 'the quiet synchronous commit', commits: 'auto' },
  { name: 'the group commit', commits: 'group' },
])('the answer and the sync in $name', ({ commits }) => {
  test('an append held in its sync is not answered; after a power loss there it is not stored', async () => {
    const disk = new SyncFaultDisk('held-sync');
    try {
      const server = await start(disk, 1, commits);
      const device = devices[0] as TestDevice;
      const first = batch(device);
      expect((await append(server.url, device, first)).status).toBe(200);

      disk.holdSyncs(true);
      const held = batch(device);
      let answered = false;
      const pending = append(server.url, device, held).then(
        (answer) => {
          answered = true;
          return answer;
        },
        () => undefined,
      );
      // The server wrote the batch and waits in its sync: no answer may come now, however long.
      await sleep(1500);
      expect(answered, 'answered before the records were synced').toBe(false);
      await kill(server);
      disk.holdSyncs(false);
      expect(await pending).toBeUndefined();
      disk.losePower();
      expectAllAcknowledged(disk, first);
      const store = new LmdbLogStore({ path: disk.dataDir });
      try {
        expect(store.getRecord(device.userId, device.deviceId, held[0]?.t ?? 0)).toBeUndefined();
      } finally {
        await store.close();
      }
    } finally {
      disk.holdSyncs(false);
      disk.remove();
    }
  }, 60_000);
});

describe('a meta page that cannot be written', () => {
  test('answers 503, never 500, and the store works again once it can write', async () => {
    const disk = new SyncFaultDisk('failed-meta');
    try {
      const server = await start(disk, 1);
      const device = devices[0] as TestDevice;
      const acked: LogRecord[] = [];
      const first = batch(device);
      expect((await append(server.url, device, first)).status).toBe(200);
      acked.push(...first);

      // The data syncs but its meta page does not: LMDB refuses every transaction from then on
      // (MDB_PANIC) until its environment is opened again.
      disk.failMetaWrites(true);
      const refused = [batch(device), batch(device), batch(device)];
      for (const records of refused) {
        const answer = await append(server.url, device, records);
        expect(answer.status).toBe(503);
        expect(answer.body).toEqual({ error: expect.objectContaining({ code: 'unavailable' }) });
      }
      expect(disk.failures().length).toBeGreaterThan(0);

      disk.failMetaWrites(false);
      await expectViewWithout(server.url, refused.flat());
      const answers: Answer[] = [];
      for (const records of refused) {
        const stored = await sendUntilStored(server.url, device, records, answers);
        expect(stored.body).toMatchObject({ accepted: records.length, duplicates: 0 });
        acked.push(...records);
      }
      const heads = await fetch(`${server.url}/v1/heads`, { headers: bearer(device.token) });
      expect(heads.status).toBe(200);
      await expectViewWithout(server.url, []);
      expect(server.child.exitCode).toBeNull();

      await kill(server);
      disk.losePower();
      expectAllAcknowledged(disk, acked);
    } finally {
      disk.remove();
    }
  }, 60_000);
});
