import { Agent, get } from 'node:http';
import { MemoryStore, SyncClient } from '@tagtime/client';
import type { Cursor, LogRecord } from '@tagtime/log';
import { userLogsRange } from '../src/store/keys.js';
import { LmdbLogStore } from '../src/store/lmdb-store.js';
import type { ServerProcess } from '../src/testing/server-process.js';
import type { TestDevice } from '../test/helpers/fixtures.js';
import { type BenchEnv, fmt, rate } from './setup.js';

const LOGS = 10;
const PAGE = 10_000;
const ROUNDS = 5;
/** Rounds of each side run first and not counted: until then both sides were still speeding up
 * (JIT of the server and of the client code, the young generation of each process sized up). */
const WARM_UP_ROUNDS = 3;

export interface PullResult {
  records: number;
  /** Records per second of each round, per side. */
  http: number[];
  client: number[];
  scan: number[];
}

function records(device: string, start: number, count: number, lane: number): LogRecord[] {
  const out: LogRecord[] = [];
  for (let i = 0; i < count; i++) {
    const t = 1_700_000_000_000 + (start + i) * LOGS + lane;
    out.push({
      device,
      t,
      kind: 'ping',
      body: { ping: Math.floor(t / 1000), tags: ['bench', 'pull'] },
    });
  }
  return out;
}

/**
 * Pull of `total` records merged over 10 interleaved device logs, in pages of 10,000, three
 * ways in alternating rounds (see ingest.ts):
 * - over HTTP with a client that only takes the bytes (counts records, reads the cursor): the
 *   server's own speed;
 * - through @tagtime/client's `SyncClient.pull` (fetch, JSON.parse, `validateRecord` on every
 *   record), into a store that keeps only the cursor: what a device gets;
 * - one raw LMDB range scan over the same records, keys and values read: the baseline.
 */
export async function benchPull(
  env: BenchEnv,
  server: ServerProcess,
  total: number,
): Promise<PullResult> {
  const [writer, reader] = await env.user(2);
  if (!writer || !reader) throw new Error('no bench devices');
  const userId = writer.userId;
  const perLog = total / LOGS;
  const store = new LmdbLogStore({ path: env.dataDir });
  try {
    const writes: Promise<unknown>[] = [];
    for (let lane = 0; lane < LOGS; lane++) {
      const name = lane === 0 ? writer.deviceId : `dev_bench_${lane}`;
      for (let at = 0; at < perLog; at += 5000) {
        writes.push(
          store.append(userId, name, records(name, at, Math.min(5000, perLog - at), lane)),
        );
      }
    }
    await Promise.all(writes);

    const http: number[] = [];
    const client: number[] = [];
    const scan: number[] = [];
    for (let round = -WARM_UP_ROUNDS; round < ROUNDS; round++) {
      const counted = round >= 0;
      let start = performance.now();
      let count = await pullBytes(server.url, reader);
      if (counted) http.push(rate(count, performance.now() - start));
      if (count !== total) throw new Error(`pulled ${count} records, expected ${total}`);

      start = performance.now();
      count = await pullWithClient(server.url, reader);
      if (counted) client.push(rate(count, performance.now() - start));
      if (count !== total) throw new Error(`client pulled ${count} records, expected ${total}`);

      start = performance.now();
      let scanned = 0;
      let bytes = 0;
      for (const { key, value } of store.records.getRange(userLogsRange(userId))) {
        scanned += 1;
        bytes += value.length + (key as unknown[]).length;
      }
      if (counted) scan.push(rate(scanned, performance.now() - start));
      if (scanned !== total || bytes === 0) {
        throw new Error(`scanned ${scanned}, expected ${total}`);
      }
    }
    const list = (rates: number[]) => rates.map((r) => fmt(r)).join(' / ');
    console.log(
      `pull: ${fmt(total)} records over ${LOGS} logs, pages of ${fmt(PAGE)}, records/s per round: HTTP bytes ${list(http)}; SyncClient ${list(client)}; raw LMDB range scan ${list(scan)}`,
    );
    return { records: total, http, client, scan };
  } finally {
    await store.close();
  }
}

/**
 * Every page over keep-alive HTTP, counting records without decoding them; returns the count.
 * A connection of its own per pull: one kept idle while the other sides ran was at times closed
 * by the server (its keep-alive timeout) just as the next pull sent on it, on a loaded machine.
 */
async function pullBytes(url: string, device: TestDevice): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    let count = 0;
    let after = '';
    for (;;) {
      const page = await fetchPage(url, device.token, after, agent);
      count += page.count;
      after = page.cursor;
      if (!page.more) return count;
    }
  } finally {
    agent.destroy();
  }
}

/** Every canonical record ends with its `t`, the last key in sorted order. */
const RECORD_END = Buffer.from(',"t":');
/** The answer ends with the cursor and `more`; this many last bytes hold them. */
const TAIL_BYTES = 4000;

/**
 * One page over keep-alive HTTP, its records counted as the bytes arrive (as a streaming client
 * reads them, so the count does not wait for the whole page): every `,"t":` in a chunk, and one
 * split across two chunks is found where they join.
 */
function fetchPage(url: string, token: string, after: string, agent: Agent) {
  const path = `/v1/records?limit=${PAGE}&after=${encodeURIComponent(after)}`;
  return new Promise<{ count: number; cursor: string; more: boolean }>((resolve, reject) => {
    const req = get(`${url}${path}`, { agent, headers: { authorization: `Bearer ${token}` } });
    req.on('error', reject);
    req.on('response', (res) => {
      let count = 0;
      let seam: Buffer = Buffer.alloc(0);
      let tail: Buffer = Buffer.alloc(0);
      res.on('data', (chunk: Buffer) => {
        if (seam.length > 0) {
          const joined = Buffer.concat([seam, chunk.subarray(0, RECORD_END.length - 1)]);
          if (joined.includes(RECORD_END)) count += 1;
        }
        for (let i = chunk.indexOf(RECORD_END); i >= 0; i = chunk.indexOf(RECORD_END, i + 5)) {
          count += 1;
        }
        seam = chunk.subarray(Math.max(0, chunk.length - (RECORD_END.length - 1)));
        tail =
          chunk.length >= TAIL_BYTES
            ? chunk.subarray(chunk.length - TAIL_BYTES)
            : Buffer.concat([tail, chunk]).subarray(-TAIL_BYTES);
      });
      res.on('error', reject);
      res.on('end', () => {
        const text = tail.toString();
        if (res.statusCode !== 200) {
          reject(new Error(`pull answered ${res.statusCode}: ${text.slice(0, 200)}`));
          return;
        }
        const end = /"cursor":"([^"]*)","more":(true|false)\}$/.exec(text);
        if (!end) {
          reject(new Error('unexpected pull answer'));
          return;
        }
        resolve({ count, cursor: end[1] as string, more: end[2] === 'true' });
      });
    });
  });
}

/** Keeps the pull cursor and a count, not the records: the client's parsing without a store. */
class CursorOnlyStore extends MemoryStore {
  received = 0;
  #cursor: Cursor = {};

  override async cursor(): Promise<Cursor> {
    return this.#cursor;
  }

  override async putReplica(records: readonly LogRecord[], cursor: Cursor): Promise<void> {
    this.received += records.length;
    this.#cursor = cursor;
  }
}

/** Every page through the real client from an empty replica; returns the records received. */
async function pullWithClient(url: string, device: TestDevice): Promise<number> {
  const store = new CursorOnlyStore();
  const client = new SyncClient({
    device: device.deviceId,
    store,
    server: { url, token: device.token },
    pageSize: PAGE,
  });
  await client.pull();
  return store.received;
}
