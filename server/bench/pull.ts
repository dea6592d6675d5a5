import type { LogRecord } from '@tagtime/log';
import { userLogsRange } from '../src/store/keys.js';
import { LmdbLogStore } from '../src/store/lmdb-store.js';
import type { ServerProcess } from '../test/helpers/process.js';
import { type BenchEnv, fmt, rate } from './setup.js';

const LOGS = 10;
const PAGE = 10_000;

export interface PullResult {
  records: number;
  httpPerSec: number;
  scanPerSec: number;
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
 * Pull of `total` records merged over 10 interleaved device logs, in pages of 10,000 over HTTP
 * (the client only reads the bytes and the cursor), against one raw LMDB range scan over the
 * same records (keys and values read).
 */
export async function benchPull(
  env: BenchEnv,
  server: ServerProcess,
  total: number,
): Promise<PullResult> {
  const [device] = await env.user(1);
  if (!device) throw new Error('no bench device');
  const userId = device.userId;
  const perLog = total / LOGS;
  const store = new LmdbLogStore({ path: env.dataDir });
  try {
    const writes: Promise<unknown>[] = [];
    for (let lane = 0; lane < LOGS; lane++) {
      const name = lane === 0 ? device.deviceId : `dev_bench_${lane}`;
      for (let at = 0; at < perLog; at += 5000) {
        writes.push(
          store.append(userId, name, records(name, at, Math.min(5000, perLog - at), lane)),
        );
      }
    }
    await Promise.all(writes);

    // Warm-up page, not counted; then alternating rounds, best of each side (see ingest.ts).
    await fetchPage(server.url, device.token, '');
    const http: number[] = [];
    const scan: number[] = [];
    for (let round = 0; round < 3; round++) {
      let start = performance.now();
      let count = 0;
      let after = '';
      for (;;) {
        const page = await fetchPage(server.url, device.token, after);
        count += page.count;
        after = page.cursor;
        if (!page.more) break;
      }
      http.push(rate(count, performance.now() - start));
      if (count !== total) throw new Error(`pulled ${count} records, expected ${total}`);

      start = performance.now();
      let scanned = 0;
      let bytes = 0;
      for (const { key, value } of store.records.getRange(userLogsRange(userId))) {
        scanned += 1;
        bytes += value.length + (key as unknown[]).length;
      }
      scan.push(rate(scanned, performance.now() - start));
      if (scanned !== total || bytes === 0)
        throw new Error(`scanned ${scanned}, expected ${total}`);
    }
    const httpPerSec = Math.max(...http);
    const scanPerSec = Math.max(...scan);
    const list = (rates: number[]) => rates.map((r) => fmt(r)).join(' / ');
    console.log(
      `pull: ${fmt(total)} records over ${LOGS} logs, pages of ${fmt(PAGE)} (records/s per round): HTTP ${list(http)}; raw LMDB range scan ${list(scan)}`,
    );
    return { records: total, httpPerSec, scanPerSec };
  } finally {
    await store.close();
  }
}

const RECORD_END = Buffer.from(',"t":');

async function fetchPage(url: string, token: string, after: string) {
  const res = await fetch(`${url}/v1/records?limit=${PAGE}&after=${encodeURIComponent(after)}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  // The client only takes the bytes: records are counted by their `,"t":` field (every
  // canonical record ends with it) and the cursor read from the tail, without decoding the page.
  const body = Buffer.from(await res.arrayBuffer());
  if (res.status !== 200)
    throw new Error(`pull answered ${res.status}: ${body.toString().slice(0, 200)}`);
  const tail = /"cursor":"([^"]*)","more":(true|false)\}$/.exec(
    body.subarray(Math.max(0, body.length - 4000)).toString(),
  );
  if (!tail) throw new Error('unexpected pull answer');
  let count = 0;
  for (let i = body.indexOf(RECORD_END); i >= 0; i = body.indexOf(RECORD_END, i + 5)) count += 1;
  return { count, cursor: tail[1] as string, more: tail[2] === 'true' };
}
