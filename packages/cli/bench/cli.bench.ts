// npm run bench -w @tagtime/cli: the two rows of issue 16 for the CLI, each against floors
// measured in the same run.
//  1. Any command (`answer`, `log`, `stats`) with 10k / 100k / 300k records in its store, as a
//     process of the built CLI (the bundle): wall time and peak RSS, against `node -e ''` (Node's
//     own start-up, the floor) and a bare process that opens the same LMDB store; with
//     BENCH_NEDB=1 also against the old NeDB store doing what `tagtime log` did (load and fold).
//  2. First sync: a new CLI device pulls 100,000 records of three other devices from a real
//     server (127.0.0.1), against the floors of its two halves — fetching the same pages raw,
//     and writing the same records' JSON into a bare LMDB table — and `SyncClient.pull` into the
//     LMDB store in this process; with BENCH_NEDB=1 also the old way (pages of 1000 into NeDB).
// Needs `npm run build` first (the CLI runs from dist/) and MariaDB (the server's user data).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { BULK_PAGE_SIZE, MemoryStore, SyncApi, SyncClient } from '@tagtime/client';
import type { Cursor, LogRecord } from '@tagtime/log';
import { pingsBetween } from '@tagtime/ping';
import { open } from 'lmdb';
import { LmdbStore } from '../src/store/lmdb-store.js';
import { NedbStore } from '../src/store/nedb-store.js';
import {
  createTestDatabase,
  makeDevice,
  makeUser,
  removeDir,
  startServer,
} from '../test/integration/harness.js';

const ROOT = join(import.meta.dirname, '..');
const MAIN = join(ROOT, 'dist/main.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const NEDB = process.env.BENCH_NEDB === '1';
/** The server the first sync pulls from listens here (127.0.0.1). */
const PORT = Number(process.env.BENCH_PORT ?? 4210);
const SIZES = (process.env.BENCH_SIZES ?? '10000,100000,300000')
  .split(',')
  .filter(Boolean)
  .map(Number);
/** The old store takes minutes to build past this; the baseline is measured up to it. */
const NEDB_MAX = 100_000;
const OWN = 'bench-cli';
const TAGS = ['work', 'code', 'email', 'meeting', 'eat', 'sleep', 'read', 'bike', 'family', 'tv'];
const work = mkdtempSync(join(tmpdir(), 'tagtime-cli-bench-'));

/** `n` answers on consecutive pings of the universal schedule, from three devices. */
function makeLog(n: number, devices: readonly string[]): LogRecord[] {
  const pings = pingsBetween(1_184_097_393, 1_184_097_393 + Math.ceil(n * 2700 * 1.2)).slice(0, n);
  return pings.map((ping, i): LogRecord => {
    const device = devices[i % devices.length] as string;
    const t = ping * 1000 + 5000 + (i % 7);
    if (i % 50 === 49) return { device, t, kind: 'event', body: { name: 'sync-finished' } };
    const tags = [TAGS[i % TAGS.length] as string, TAGS[(i * 7) % TAGS.length] as string];
    return { device, t, kind: 'ping', body: { ping, tags: [...new Set(tags)] } };
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const spread = (xs: number[]) => `${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}`;

interface Measure {
  ms: number[];
  rssMiB: number[];
}

/** Runs `node <args>` `RUNS` times; wall time and peak RSS of each. */
function measure(args: string[], env: Record<string, string> = {}, runs = RUNS): Measure {
  const out: Measure = { ms: [], rssMiB: [] };
  const rssFile = join(work, 'rss');
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const result = spawnSync(
      process.execPath,
      ['--import', join(import.meta.dirname, 'report-rss.mjs'), ...args],
      {
        env: { ...process.env, TZ: 'UTC', NO_COLOR: '1', BENCH_RSS_FILE: rssFile, ...env },
        encoding: 'utf8',
      },
    );
    out.ms.push(performance.now() - started);
    if (result.status !== 0) {
      throw new Error(`node ${args.join(' ')} failed (${result.status}): ${result.stderr}`);
    }
    out.rssMiB.push(Number(readFileSync(rssFile, 'utf8')) / 1024);
  }
  return out;
}

function row(label: string, m: Measure, baseline?: Measure, of = 'the NeDB time'): string {
  const ratio = baseline ? `  ${(median(m.ms) / median(baseline.ms)).toFixed(2)}× ${of}` : '';
  return `  ${label.padEnd(34)} ${median(m.ms).toFixed(0).padStart(6)} ms [${spread(m.ms)}]  ${median(
    m.rssMiB,
  )
    .toFixed(0)
    .padStart(4)} MiB${ratio}`;
}

async function commandRows(size: number): Promise<void> {
  const records = makeLog(size, [OWN, 'phone', 'watch']);
  const own = records.filter((r) => r.device === OWN);
  const replica = records.filter((r) => r.device !== OWN);
  const home = join(work, `home-${size}`);
  const store = await LmdbStore.open(join(home, 'store'));
  await store.appendOwn(own);
  for (let i = 0; i < replica.length; i += 10_000) {
    await store.putReplica(replica.slice(i, i + 10_000), {});
  }
  await store.close();
  const last = records.at(-1) as LogRecord;
  const lastPing = records.findLast((r) => r.kind === 'ping')?.body as { ping: number };
  const env = { TAGTIME_HOME: home, TAGTIME_NOW: String(Math.floor(last.t / 1000) + 60) };

  console.log(
    `\n${size.toLocaleString('en')} records in the store (${RUNS} runs each; median [min–max]):`,
  );
  let nedb: Measure | undefined;
  if (NEDB && size <= NEDB_MAX) {
    const file = join(work, `nedb-${size}.db`);
    const old = await NedbStore.open(file);
    await old.appendOwn(own);
    await old.putReplica(replica, {});
    await old.compact();
    nedb = measure([join(import.meta.dirname, 'nedb-command.mjs'), file]);
    console.log(row('baseline: NeDB store, load + fold', nedb));
  }
  const node = measure(['-e', '']);
  console.log(row("floor: node -e ''", node));
  console.log(
    row(
      'floor: node + open LMDB, one read',
      measure([join(import.meta.dirname, 'lmdb-floor.mjs'), join(home, 'store')]),
      node,
      "the node -e '' floor",
    ),
  );
  const command = (label: string, args: string[]) => {
    const m = measure([MAIN, ...args], env);
    console.log(row(label, m, node, "the node -e '' floor"));
    if (nedb) console.log(row('', m, nedb));
  };
  command('tagtime answer', ['answer', String(lastPing.ping), 'work']);
  command('tagtime log', ['log']);
  command('tagtime stats (all time)', ['stats']);
  command('tagtime stats --month', ['stats', '--month']);
  command('tagtime status', ['status']);
}

/** Writes each record's JSON into one bare LMDB table, a transaction per page: the store floor. */
async function rawStoreWrite(dir: string, pages: readonly LogRecord[][]): Promise<number> {
  const env = open({ path: dir, noSubdir: false });
  const started = performance.now();
  for (const page of pages) {
    env.transactionSync(() => {
      for (const r of page) env.putSync([r.t, r.device], JSON.stringify(r));
    });
    await env.flushed;
  }
  const ms = performance.now() - started;
  await env.close();
  return ms;
}

async function firstSyncRows(): Promise<void> {
  const n = 100_000;
  const runs = Math.min(RUNS, 3);
  const db = await createTestDatabase();
  const server = await startServer(db.url, { port: PORT });
  try {
    const userId = await makeUser(db);
    const others = await Promise.all(
      ['phone', 'watch', 'laptop'].map((name) => makeDevice(db, userId, name)),
    );
    const records = makeLog(
      n,
      others.map((d) => d.device),
    );
    for (const device of others) {
      const client = new SyncClient({
        device: device.device,
        store: new MemoryStore(),
        server: { url: server.url, token: device.token },
      });
      await client.store.appendOwn(records.filter((r) => r.device === device.device));
      await client.push();
    }
    const fresh = await makeDevice(db, userId, 'new laptop');
    console.log(
      `\nfirst sync: a new CLI device pulls ${n.toLocaleString('en')} records of 3 other devices (${runs} runs; median [min–max]):`,
    );

    // Floor of the network half: the pages the CLI asks for, fetched raw (the body read, not
    // parsed); then the same with the client's parsing of the envelope.
    const fetchRaw: Measure = { ms: [], rssMiB: [] };
    const fetchParse: Measure = { ms: [], rssMiB: [] };
    let pages: LogRecord[][] = [];
    for (let i = 0; i < runs; i++) {
      let started = performance.now();
      let after = '';
      for (;;) {
        const query = new URLSearchParams({ after, limit: String(BULK_PAGE_SIZE) });
        const response = await fetch(`${server.url}/v1/records?${query}`, {
          headers: { authorization: `Bearer ${fresh.token}` },
        });
        const text = await response.text();
        // The cursor and `more` sit at the end of the page: read them without parsing it all.
        const tail = JSON.parse(`{${text.slice(text.lastIndexOf('"cursor":'))}`) as {
          cursor: string;
          more: boolean;
        };
        after = tail.cursor;
        if (!tail.more) break;
      }
      fetchRaw.ms.push(performance.now() - started);
      fetchRaw.rssMiB.push(process.memoryUsage().rss / 2 ** 20);

      const api = new SyncApi(server.url, fresh.token);
      started = performance.now();
      let cursor: Cursor = {};
      pages = [];
      for (;;) {
        const page = await api.getRecords(cursor, BULK_PAGE_SIZE);
        pages.push(page.records);
        cursor = page.cursor;
        if (!page.more || page.records.length === 0) break;
      }
      fetchParse.ms.push(performance.now() - started);
      fetchParse.rssMiB.push(process.memoryUsage().rss / 2 ** 20);
    }
    console.log(row(`floor: fetch the ${BULK_PAGE_SIZE} pages raw`, fetchRaw));
    console.log(row('fetch + parse the pages (SyncApi)', fetchParse, fetchRaw, 'the raw fetch'));

    // Floor of the storing half: the same records' JSON into one bare LMDB table.
    const storeRaw: Measure = { ms: [], rssMiB: [] };
    for (let i = 0; i < runs; i++) {
      storeRaw.ms.push(await rawStoreWrite(join(work, `raw-store-${i}`), pages));
      storeRaw.rssMiB.push(process.memoryUsage().rss / 2 ** 20);
    }
    console.log(row('floor: raw LMDB write of the records', storeRaw));
    const floorSum: Measure = {
      ms: fetchRaw.ms.map((ms, i) => ms + (storeRaw.ms[i] ?? 0)),
      rssMiB: fetchRaw.rssMiB,
    };
    console.log(row('floor: raw fetch + raw write (sum)', floorSum));

    // The client's own work, in this process: pull into the CLI's LMDB store.
    const inProcess: Measure = { ms: [], rssMiB: [] };
    for (let i = 0; i < runs; i++) {
      const store = await LmdbStore.open(join(work, `pull-${i}`));
      const client = new SyncClient({
        device: fresh.device,
        store,
        server: { url: server.url, token: fresh.token },
      });
      const started = performance.now();
      await client.pull();
      inProcess.ms.push(performance.now() - started);
      inProcess.rssMiB.push(process.memoryUsage().rss / 2 ** 20);
      await store.close();
    }
    console.log(row('SyncClient.pull into LmdbStore', inProcess, floorSum, 'the floor sum'));

    // The old way, in this process: pages of 1000, one after another, into the NeDB store.
    const old: Measure = { ms: [], rssMiB: [] };
    for (let i = 0; NEDB && i < runs; i++) {
      const store = await NedbStore.open(join(work, `old-sync-${i}.db`));
      const client = new SyncClient({
        device: fresh.device,
        store,
        server: { url: server.url, token: fresh.token },
        pageSize: 1000,
        bulkPageSize: 1000,
      });
      const started = performance.now();
      await client.pull();
      old.ms.push(performance.now() - started);
      old.rssMiB.push(process.memoryUsage().rss / 2 ** 20);
    }
    if (NEDB) console.log(row('baseline: pages of 1000 into NeDB', old));

    const synced: Measure = { ms: [], rssMiB: [] };
    for (let i = 0; i < runs; i++) {
      const home = join(work, `sync-${i}`);
      const pairEnv = { TAGTIME_HOME: home };
      const pair = [
        'pair',
        '--device',
        fresh.device,
        '--token',
        fresh.token,
        '--server',
        server.url,
      ];
      measure([MAIN, ...pair], pairEnv, 1);
      const m = measure([MAIN, 'sync'], pairEnv, 1);
      synced.ms.push(...m.ms);
      synced.rssMiB.push(...m.rssMiB);
    }
    console.log(row('tagtime sync (a process, LMDB)', synced, floorSum, 'the floor sum'));
    if (NEDB) console.log(row('', synced, old));
  } finally {
    await server.stop();
    await removeDir(server.dataDir);
    await db.drop();
  }
}

const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
console.log(`@tagtime/cli bench — load average at start: ${load()} (2 cores shared)`);
try {
  for (const size of SIZES) await commandRows(size);
  if (process.env.BENCH_SYNC !== '0') await firstSyncRows();
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.log(`\nload average at the end: ${load()}`);
process.exit(0);
