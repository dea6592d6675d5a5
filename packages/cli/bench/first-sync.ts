// The first sync rows: a new CLI device pulls 100,000 records of three other devices from a real
// server on 127.0.0.1, against the floors of its two halves measured in the same run — fetching
// the same pages raw, and writing the same records' JSON into a bare LMDB table — in this
// process (`SyncClient.pull` into the LMDB store) and as a process (`tagtime sync`).
import { join } from 'node:path';
import { BULK_PAGE_SIZE, MemoryStore, SyncApi, SyncClient } from '@tagtime/client';
import type { Cursor, LogRecord } from '@tagtime/log';
import { open } from 'lmdb';
import { LmdbStore } from '../src/store/lmdb-store.js';
import type { RunningServer, TestDatabase } from '../test/integration/harness.js';
import { makeDevice, makeUser } from '../test/integration/harness.js';
import { emptyMeasure, type Measure, makeLog, measure, note, RUNS, row } from './measure.js';

export const SYNC_RECORDS = 100_000;

export interface SyncSetup {
  server: RunningServer;
  db: TestDatabase;
  userId: string;
  records: LogRecord[];
  work: string;
  main: string;
}

/** A user whose three other devices pushed `SYNC_RECORDS` records to the server. */
export async function pushOthers(
  db: TestDatabase,
  server: RunningServer,
): Promise<{ userId: string; records: LogRecord[] }> {
  const userId = await makeUser(db);
  const others = await Promise.all(
    ['phone', 'watch', 'laptop'].map((name) => makeDevice(db, userId, name)),
  );
  const records = makeLog(
    SYNC_RECORDS,
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
  return { userId, records };
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

/** Fetches the pages raw (the body read, not parsed), as the client asks for them. */
async function rawFetch(url: string, token: string): Promise<void> {
  let after = '';
  for (;;) {
    const query = new URLSearchParams({ after, limit: String(BULK_PAGE_SIZE) });
    const response = await fetch(`${url}/v1/records?${query}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const text = await response.text();
    // The cursor and `more` sit at the end of the page: read them without parsing it all.
    const tail = JSON.parse(`{${text.slice(text.lastIndexOf('"cursor":'))}`) as {
      cursor: string;
      more: boolean;
    };
    after = tail.cursor;
    if (!tail.more) return;
  }
}

/**
 * Prints the rows under `tag` (quiet, busy); returns the CLI homes the `tagtime sync` runs
 * left (paired, with every record), for the paired answer rows.
 */
export async function firstSyncRows(setup: SyncSetup, tag: string): Promise<string[]> {
  const { server, db, userId, work, main } = setup;
  const runs = Math.min(RUNS, 3);
  const rssFile = join(work, 'rss');
  // A new device each run: a device's own records on the server are never pulled back, so one
  // that synced before (its sync-finished event) is not a first sync any more.
  const newDevice = () => makeDevice(db, userId, 'new laptop');
  console.log(
    `\nfirst sync (${tag}): a new CLI device pulls ${SYNC_RECORDS.toLocaleString('en')} records of 3 other devices (${runs} runs; median [min–max]):`,
  );

  const fetchRaw = emptyMeasure();
  const fetchParse = emptyMeasure();
  let pages: LogRecord[][] = [];
  const reader = await newDevice();
  for (let i = 0; i < runs; i++) {
    let started = performance.now();
    await rawFetch(server.url, reader.token);
    note(fetchRaw, performance.now() - started);
    const api = new SyncApi(server.url, reader.token);
    started = performance.now();
    let cursor: Cursor = {};
    pages = [];
    for (;;) {
      const page = await api.getRecords(cursor, BULK_PAGE_SIZE);
      pages.push(page.records);
      cursor = page.cursor;
      if (!page.more || page.records.length === 0) break;
    }
    note(fetchParse, performance.now() - started);
  }
  console.log(row(`floor: fetch the ${BULK_PAGE_SIZE} pages raw`, fetchRaw));
  console.log(row('fetch + parse the pages (SyncApi)', fetchParse, fetchRaw, 'the raw fetch'));

  const storeRaw = emptyMeasure();
  for (let i = 0; i < runs; i++) {
    note(storeRaw, await rawStoreWrite(join(work, `raw-store-${tag}-${i}`), pages));
  }
  console.log(row('floor: raw LMDB write of the records', storeRaw));
  const floorSum: Measure = {
    ms: fetchRaw.ms.map((ms, i) => ms + (storeRaw.ms[i] ?? 0)),
    rssMiB: fetchRaw.rssMiB,
    load: storeRaw.load,
  };
  console.log(row('floor: raw fetch + raw write (sum)', floorSum));

  const inProcess = emptyMeasure();
  for (let i = 0; i < runs; i++) {
    const fresh = await newDevice();
    const store = await LmdbStore.open(join(work, `pull-${tag}-${i}`));
    const client = new SyncClient({
      device: fresh.device,
      store,
      server: { url: server.url, token: fresh.token },
    });
    const started = performance.now();
    await client.pull();
    note(inProcess, performance.now() - started);
    await store.close();
  }
  console.log(row('SyncClient.pull into LmdbStore', inProcess, floorSum, 'the floor sum'));

  const homes: string[] = [];
  const synced = emptyMeasure();
  for (let i = 0; i < runs; i++) {
    const fresh = await newDevice();
    const home = join(work, `sync-${tag}-${i}`);
    const env = { TAGTIME_HOME: home };
    const pair = ['pair', '--device', fresh.device, '--token', fresh.token];
    measure([main, ...pair, '--server', server.url], env, rssFile, 1);
    const m = measure([main, 'sync'], env, rssFile, 1);
    synced.ms.push(...m.ms);
    synced.rssMiB.push(...m.rssMiB);
    synced.load.push(...m.load);
    homes.push(home);
  }
  console.log(row('tagtime sync (a process, LMDB)', synced, floorSum, 'the floor sum'));
  const seconds = (Math.max(...synced.ms) / 1000).toFixed(2);
  console.log(`  (slowest tagtime sync: ${seconds} s; the goal is ≤ 1.0 s)`);
  return homes;
}
