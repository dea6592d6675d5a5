// npm run bench -w @tagtime/cli: the CLI's rows of the speed issues, each against floors
// measured in the same run, with the load average beside each row.
//  1. Any command (`answer`, `log`, `stats`) with 10k / 100k / 300k records in its store, as a
//     process of the built CLI (the bundle): wall time and peak RSS, against `node -e ''` (Node's
//     own start-up, the floor) and a bare process that opens the same LMDB store; with
//     BENCH_NEDB=1 also against the old NeDB store doing what `tagtime log` did (load and fold).
//  2. First sync (first-sync.ts) and a paired `tagtime answer` (paired-answer.ts) against a real
//     server on 127.0.0.1: quiet, then again beside a CPU hog the bench starts (hog.ts) once the
//     load average is 8 or more (BENCH_BUSY=0 leaves the busy rows out).
// Needs `npm run build` first (the CLI runs from dist/) and MariaDB (the server's user data).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LogRecord } from '@tagtime/log';
import { LmdbStore } from '../src/store/lmdb-store.js';
import { NedbStore } from '../src/store/nedb-store.js';
import { createTestDatabase, removeDir, startServer } from '../test/integration/harness.js';
import { firstSyncRows, pushOthers } from './first-sync.js';
import { whileBusy } from './hog.js';
import { loadText, type Measure, makeLog, measure as measureIn, RUNS, row } from './measure.js';
import { pairedAnswerRows } from './paired-answer.js';

const ROOT = join(import.meta.dirname, '..');
const MAIN = join(ROOT, 'dist/main.js');
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
const work = mkdtempSync(join(tmpdir(), 'tagtime-cli-bench-'));

const measure = (args: string[], env: Record<string, string> = {}) =>
  measureIn(args, env, join(work, 'rss'));

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

/**
 * The first sync and the paired answer, without and then beside the CPU hog, on one server
 * whose user has 100,000 records of three other devices.
 */
async function serverRows(): Promise<void> {
  const db = await createTestDatabase();
  const server = await startServer(db.url, { port: PORT });
  try {
    const { userId, records } = await pushOthers(db, server);
    const setup = { server, db, userId, records, work, main: MAIN };
    const both = async (tag: string) => {
      const homes = await firstSyncRows(setup, tag);
      pairedAnswerRows(homes[0] as string, records, MAIN, join(work, 'rss'), tag);
    };
    await both(`without the hog, load ${loadText()}`);
    if (process.env.BENCH_BUSY !== '0')
      await whileBusy(() => both(`beside the hog, load ${loadText()}`));
  } finally {
    await server.stop();
    await removeDir(server.dataDir);
    await db.drop();
  }
}

console.log(`@tagtime/cli bench — load average at start: ${loadText()} (2 cores shared)`);
try {
  for (const size of SIZES) await commandRows(size);
  if (process.env.BENCH_SYNC !== '0') await serverRows();
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.log(`\nload average at the end: ${loadText()}`);
process.exit(0);
