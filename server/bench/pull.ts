import { Agent, get } from 'node:http';
import { MemoryStore, SyncClient } from '@tagtime/client';
import type { Cursor, LogRecord } from '@tagtime/log';
import { userLogsRange } from '../src/store/keys.js';
import { LmdbLogStore } from '../src/store/lmdb-store.js';
import type { TestDevice } from '../test/helpers/fixtures.js';
import type { ServerProcess } from '../test/helpers/process.js';
import { type BenchEnv, fmt, rate } from './setup.js';

const LOGS = 10;
const PAGE = 10_000;
const ROUNDS = 5;

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
  const agent = new Agent({ keepAlive: true });
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
    // A warm-up round of each (JIT, connections), not counted.
    for (let round = -1; round < ROUNDS; round++) {
      const counted = round >= 0;
      let start = performance.now();
      let count = await pullBytes(server.url, reader, agent);
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
    agent.destroy();
    await store.close();
  }
}

/** Every page over keep-alive HTTP, counting records without decoding them; returns the count. */
async function pullBytes(url: string, device: TestDevice, agent: Agent): Promise<number> {
  let count = 0;
  let after = '';
  for (;;) {
    const page = await fetchPage(url, device.token, after, agent);
    count += page.count;
    after = page.cursor;
    if (!page.more) return count;
  }
}

/** Every canonical record ends with its `t`, the last key in sorted order. */
const RECORD_END = Buffer.from(',"t":');

function fetchPage(url: string, token: string, after: string, agent: Agent) {
  const path = `/v1/records?limit=${PAGE}&after=${encodeURIComponent(after)}`;
  return new Promise<{ count: number; cursor: string; more: boolean }>((resolve, reject) => {
    const req = get(`${url}${path}`, { agent, headers: { authorization: `Bearer ${token}` } });
    req.on('error', reject);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        if (res.statusCode !== 200) {
          reject(new Error(`pull answered ${res.statusCode}: ${body.toString().slice(0, 200)}`));
          return;
        }
        const tail = /"cursor":"([^"]*)","more":(true|false)\}$/.exec(
          body.subarray(Math.max(0, body.length - 4000)).toString(),
        );
        if (!tail) {
          reject(new Error('unexpected pull answer'));
          return;
        }
        let count = 0;
        for (let i = body.indexOf(RECORD_END); i >= 0; i = body.indexOf(RECORD_END, i + 5)) {
          count += 1;
        }
        resolve({ count, cursor: tail[1] as string, more: tail[2] === 'true' });
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
