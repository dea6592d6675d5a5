// The phone side's cost of one answer: with 1k, 10k and 100k records of the user's
// history in the phone's settings storage (half the watch's, half another device's, as a paired
// side service leaves them), each run starts a cold side service (`SideService`, the module the
// built app-side runs) from that storage — a new store over a copy of what the previous run left,
// as the phone app restarts it — then the watch's sync of one new answer goes through it to a
// real server on loopback: `push` (relayed, stored, acknowledged), then `pull` (what is new since
// the cursor: the other device's one new record; the tag snapshot). The sizes take turns, so
// drifting load hits each alike. The same run measures a floor: the same POST and GET made raw.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { SyncApi, SyncClient } from '@tagtime/client';
import { createDevice, createUser } from '@tagtime/db';
import { createScratchDatabase } from '@tagtime/db/testing';
import { LIMITS, type LogRecord } from '@tagtime/log';
import { pingsBetween } from '@tagtime/ping';
import { startServerProcess } from '@tagtime/server/testing';
import { SettingsStorageFake } from '../runtime/zos/storage.js';
import { makePages } from '../src/core/pages.js';
import { WATCH_DEVICE } from '../src/core/watch-log.js';
import { SETTINGS, SideService } from '../src/side/side-service.js';
import { SideStore } from '../src/side/side-store.js';

const TAGS = ['work', 'code', 'email', 'meeting', 'eat', 'sleep', 'read', 'bike', 'family', 'tv'];
const V = 2;

export interface SideBenchOptions {
  sizes: number[];
  runs: number;
}

export interface SideBenchRow {
  size: number;
  /** Opening the store from the settings storage (a cold side service). */
  coldMs: number[];
  /** `push` of one answer: relayed, stored by the server, acknowledged. */
  pushMs: number[];
  /** `push` then `pull`: the watch's whole sync of one answer. */
  syncMs: number[];
  /** The cold start and the sync: what one answer costs a side service the phone just started. */
  totalMs: number[];
  /** The same POST and GET, raw. */
  floorMs: number[];
  keys: number;
  storedBytes: number;
}

/**
 * `n` records from two devices on consecutive pings of the universal schedule, ending two days
 * before `nowSec`: answers (a few tags), an event every 50th, a rename now and then.
 */
function history(n: number, nowSec: number, watch: string, other: string): LogRecord[] {
  const span = Math.ceil(n * 2700 * 1.3);
  const pings = pingsBetween(nowSec - 2 * 86400 - span, nowSec - 2 * 86400).slice(-n);
  return pings.map((ping, i): LogRecord => {
    const device = i % 2 ? watch : other;
    const t = ping * 1000 + 5000 + (i % 7);
    if (i % 50 === 49) return { device, t, kind: 'event', body: { name: 'sync-finished' } };
    if (i % 997 === 996) {
      const from = TAGS[i % TAGS.length] as string;
      return { device, t, kind: 'command', body: { op: 'rename-tag', from, to: `${from}2` } };
    }
    const tags = [TAGS[i % TAGS.length] as string, TAGS[(i * 7) % TAGS.length] as string];
    return { device, t, kind: 'ping', body: { ping, tags: [...new Set(tags)] } };
  });
}

async function postAll(api: SyncApi, records: readonly LogRecord[]): Promise<void> {
  for (let i = 0; i < records.length; i += LIMITS.batchRecords) {
    await api.postRecords(records.slice(i, i + LIMITS.batchRecords));
  }
}

const bytesOf = (values: Map<string, string>) => {
  let bytes = 0;
  for (const [key, value] of values) bytes += key.length + value.length;
  return bytes;
};

export async function benchSideAnswer(options: SideBenchOptions): Promise<SideBenchRow[]> {
  const db = await createScratchDatabase({ prefix: 'tagtime_watch_bench', freeMaxDevices: 100 });
  const dataDir = await mkdtemp(join(tmpdir(), 'tagtime-watch-bench-'));
  // Rate limits off: the bench measures the answer, not the limiter.
  const server = await startServerProcess({
    DATABASE_URL: db.url,
    DATA_DIR: dataDir,
    RATE_LIMIT_PER_TOKEN: '1000000',
  });
  try {
    const subjects = [];
    for (const size of options.sizes) subjects.push(await prepare(db, server.url, size));
    // One run of each size in turn, after one each to warm up: drifting load hits every size.
    for (const subject of subjects) await subject.run();
    const rows = subjects.map((s) => s.row);
    for (const row of rows) {
      Object.assign(row, { coldMs: [], pushMs: [], syncMs: [], totalMs: [], floorMs: [] });
    }
    for (let run = 0; run < options.runs; run++) {
      for (const subject of subjects) await subject.run();
    }
    return rows;
  } finally {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
    await db.drop();
  }
}

/** A user with `size` records of history, the side service's storage after syncing it. */
async function prepare(
  db: Awaited<ReturnType<typeof createScratchDatabase>>,
  url: string,
  size: number,
): Promise<{ row: SideBenchRow; run(): Promise<void> }> {
  const user = await createUser(db.handle.db, {
    email: `watch-bench-${size}-${Math.random().toString(36).slice(2)}@example.test`,
    password: 'correct horse battery staple',
    name: 'Watch bench',
  });
  const watch = await createDevice(db.handle.db, { userId: user.id, name: 'w', kind: 'watch' });
  const other = await createDevice(db.handle.db, { userId: user.id, name: 'c', kind: 'cli' });
  const watchApi = new SyncApi(url, watch.token);
  const nowSec = Math.floor(Date.now() / 1000);
  const records = history(size, nowSec, watch.device.id, other.device.id);
  const own = records.filter((r) => r.device === watch.device.id);
  await postAll(watchApi, own);
  const otherApi = new SyncApi(url, other.token);
  await postAll(
    otherApi,
    records.filter((r) => r.device !== watch.device.id),
  );

  // The phone as a paired side service leaves it: the watch's records the server stored, and
  // the replica of the other device's pulled from the server.
  let persisted = new SettingsStorageFake();
  persisted.setItem(SETTINGS.server, url);
  persisted.setItem(SETTINGS.token, watch.token);
  persisted.setItem(SETTINGS.device, watch.device.id);
  const store = new SideStore(persisted);
  for (let i = 0; i < own.length; i += 1000) store.appendAcked(own.slice(i, i + 1000));
  await new SyncClient({
    device: watch.device.id,
    store,
    server: { url, token: watch.token },
  }).pull();

  const row: SideBenchRow = {
    size,
    coldMs: [],
    pushMs: [],
    syncMs: [],
    totalMs: [],
    floorMs: [],
    keys: persisted.values.size,
    storedBytes: bytesOf(persisted.values),
  };
  let ping = (records.at(-1) as LogRecord).t / 1000;
  let t = (own.at(-1) as LogRecord).t;
  const nextAnswer = (device: string): LogRecord => {
    ping = pingsBetween(Math.floor(ping) + 1, nowSec + 86400 * 30)[0] as number;
    t = Math.max(t + 1, ping * 1000 + 3000);
    return { device, t, kind: 'ping', body: { ping, tags: ['bench', 'work'] } };
  };
  const run = async () => {
    // A cold side service over what the last run left in the settings storage.
    const settings = new SettingsStorageFake();
    for (const [key, value] of persisted.values) settings.values.set(key, value);
    let started = performance.now();
    const side = new SideService({ settings, fetch: (input, init) => fetch(input, init) });
    row.coldMs.push(performance.now() - started);

    const [page] = makePages([{ ...nextAnswer(WATCH_DEVICE) }]);
    if (!page) throw new Error('no page');
    started = performance.now();
    const pushed = (await side.handle({
      method: 'push',
      params: { v: V, page: page.base64, count: page.count, more: false },
    })) as { acked: number | null };
    row.pushMs.push(performance.now() - started);
    if (pushed.acked !== t) throw new Error(`acked ${pushed.acked}, not ${t}`);
    await side.handle({ method: 'pull', params: { v: V, unsynced: 0, acked: pushed.acked } });
    row.syncMs.push(performance.now() - started);
    row.totalMs.push((row.coldMs.at(-1) as number) + (row.syncMs.at(-1) as number));
    persisted = settings;

    // The floor: the same two calls, raw, by the other device (its record is what the side
    // service's next pull brings, as a sync usually finds one or two new records).
    const raw = nextAnswer(other.device.id);
    started = performance.now();
    await otherApi.postRecords([raw]);
    await otherApi.getRecords({ [watch.device.id]: t, [other.device.id]: raw.t }, 1000);
    row.floorMs.push(performance.now() - started);
  };
  return { row, run };
}
