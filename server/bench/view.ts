import { Agent, request } from 'node:http';
import { canonicalJson, type LogRecord } from '@tagtime/log';
import type { CatchUpProgress } from '../src/store/kept-views-upkeep.js';
import { logKey, recordKey } from '../src/store/keys.js';
import { LmdbLogStore } from '../src/store/lmdb-store.js';
import type { ServerProcess } from '../src/testing/server-process.js';
import type { TestDevice } from '../test/helpers/fixtures.js';
import { type BenchEnv, fmt, percentile } from './setup.js';

const DEVICES = 4;
/** A record of a heavy user every 47 s: a million of them span a year and a half. */
const STEP_MS = 47_000;
/** One record in 55 answers a ping (some 18,000 for a million); the rest is mostly diagnostics. */
const ANSWER_EVERY = 55;
const PING_GAP_S = 2700;
const TAGS = Array.from({ length: 30 }, (_, i) => `tag${i}`);
const SEED_BATCH = 5000;
const READS = 200;
/** Requests of one kind in a row before the next kind's turn. */
const TURN = 10;
const WARM_UP_READS = 10;

export interface ReadLatency {
  /** p95 of the server's own time (`Server-Timing: app;dur`) and of the client's, in ms. */
  server: number;
  client: number;
  /** The first read after the server started: the view loaded from its entries. */
  coldServer: number;
}

export interface ViewResult {
  heavy: { records: number; answers: number; view: ReadLatency; tags: ReadLatency };
  light: { records: number; answers: number; view: ReadLatency; tags: ReadLatency };
  catchUp: CatchUpProgress;
  /** Size of the heavy user's `GET /v1/view` answer, bytes. */
  heavyViewBytes: number;
}

/**
 * `n` records of a user's devices in time order, dealt round-robin to the devices: an answer
 * every ANSWER_EVERY records (a person's mostly, a tenth automatic), now and then a rename, a
 * tag's metadata or a config value, and errors and events for the rest.
 */
function userRecords(devices: readonly string[], n: number, t0: number): LogRecord[][] {
  const logs: LogRecord[][] = devices.map(() => []);
  for (let i = 0; i < n; i++) {
    const device = devices[i % devices.length] as string;
    const t = t0 + i * STEP_MS;
    let record: LogRecord;
    if (i % ANSWER_EVERY === 0) {
      const ping = Math.floor(t / 1000 / PING_GAP_S) * PING_GAP_S;
      const tags = [TAGS[(i * 7) % TAGS.length] as string, TAGS[(i * 13) % 5] as string];
      const body = {
        ping,
        tags: [...new Set(tags)],
        ...(i % 10 === 0 ? { auto: true as const } : {}),
      };
      record = { device, t, kind: 'ping', body };
    } else if (i % 20_011 === 1) {
      const from = TAGS[i % TAGS.length] as string;
      record = { device, t, kind: 'command', body: { op: 'rename-tag', from, to: `${from}x` } };
    } else if (i % 10_007 === 2) {
      record = {
        device,
        t,
        kind: 'tag',
        body: { tag: TAGS[i % TAGS.length] as string, color: '#336699' },
      };
    } else if (i % 50_021 === 3) {
      record = { device, t, kind: 'config', body: { key: `k${i % 7}`, value: i } };
    } else if (i % 2 === 0) {
      record = { device, t, kind: 'error', body: { message: 'sync failed', context: { i } } };
    } else {
      record = { device, t, kind: 'event', body: { name: 'alarm', data: { i } } };
    }
    (logs[i % devices.length] as LogRecord[]).push(record);
  }
  return logs;
}

/**
 * Writes each device log straight into the store's records, bucket counts and `logs` index, in
 * transactions of SEED_BATCH records, as a server before kept views would have stored them: the
 * next open folds the user's view (the catch-up measured here).
 */
function seed(store: LmdbLogStore, userId: string, logs: LogRecord[][]): number {
  let answers = 0;
  for (const log of logs) {
    for (let at = 0; at < log.length; at += SEED_BATCH) {
      const batch = log.slice(at, at + SEED_BATCH);
      const device = (batch[0] as LogRecord).device;
      store.env.transactionSync(() => {
        for (const record of batch) {
          store.records.putSync(recordKey(userId, device, record.t), canonicalJson(record));
          if (record.kind === 'ping') answers += 1;
        }
        store.buckets.add(userId, device, batch);
        store.index.putSync(logKey(userId, device), {
          head: (batch.at(-1) as LogRecord).t,
          count: at + batch.length,
        });
      });
    }
  }
  return answers;
}

interface Timed {
  server: number;
  client: number;
  bytes: number;
}

function timedGet(url: string, token: string, agent: Agent): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const req = request(url, { agent, headers: { authorization: `Bearer ${token}` } }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
      });
      res.on('end', () => {
        if (res.statusCode !== 200) reject(new Error(`${url} answered ${res.statusCode}`));
        const timing = /app;dur=([\d.]+)/.exec(String(res.headers['server-timing']))?.[1];
        resolve({ server: Number(timing), client: performance.now() - start, bytes });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

interface Samples {
  server: number[];
  client: number[];
  cold: number;
  bytes: number;
}

function p95(values: number[]): number {
  return percentile(
    [...values].sort((a, b) => a - b),
    95,
  );
}

function summary(samples: Samples): ReadLatency {
  return { server: p95(samples.server), client: p95(samples.client), coldServer: samples.cold };
}

/**
 * The kept view's reads: a user of a million records (a year and a half of answers, the rest
 * errors and events, four devices) against a user of a thousand, `GET /v1/view` and
 * `GET /v1/view/tags` each: a cold first request (the view loaded from its entries), a warm-up,
 * then READS sequential requests each on one kept-alive connection, the four kinds in turns.
 * Both users are written straight into the store's records, with no kept view; the next open
 * folds both (the catch-up rate of a store written before kept views existed), then the server
 * starts on it.
 */
export async function benchView(
  env: BenchEnv,
  startServer: () => Promise<ServerProcess>,
  heavyRecords: number,
): Promise<{ result: ViewResult; server: ServerProcess }> {
  const heavy = await env.user(DEVICES);
  const light = await env.user(DEVICES);
  const t0 = 1_650_000_000_000;
  let store = new LmdbLogStore({ path: env.dataDir });
  let heavyAnswers: number;
  let lightAnswers: number;
  const seedStart = performance.now();
  try {
    const ids = (devices: TestDevice[]) => devices.map((device) => device.deviceId);
    const heavyLogs = userRecords(ids(heavy), heavyRecords, t0);
    heavyAnswers = seed(store, heavy[0]?.userId as string, heavyLogs);
    lightAnswers = seed(store, light[0]?.userId as string, userRecords(ids(light), 1000, t0));
  } finally {
    await store.close();
  }
  console.log(
    `view: seeded ${fmt(heavyRecords)} + 1,000 records into the store in ${fmt((performance.now() - seedStart) / 1000, 1)} s`,
  );
  let catchUp: CatchUpProgress | undefined;
  store = new LmdbLogStore({ path: env.dataDir, onCatchUp: (progress) => (catchUp = progress) });
  await store.close();
  if (catchUp?.done !== true) throw new Error('the users were not caught up at open');

  const server = await startServer();
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    // The four reads take turns, a few requests each, so a load spike on this shared machine
    // weighs on all of them alike.
    const reads = [heavy, light].flatMap((devices) =>
      ['/v1/view', '/v1/view/tags'].map((path) => ({
        url: `${server.url}${path}`,
        token: (devices[0] as TestDevice).token,
        samples: { server: [], client: [], cold: 0, bytes: 0 } as Samples,
      })),
    );
    for (const read of reads) {
      const cold = await timedGet(read.url, read.token, agent);
      read.samples.cold = cold.server;
      read.samples.bytes = cold.bytes;
      for (let i = 0; i < WARM_UP_READS; i++) await timedGet(read.url, read.token, agent);
    }
    for (let round = 0; round < READS / TURN; round++) {
      for (const read of reads) {
        for (let i = 0; i < TURN; i++) {
          const timed = await timedGet(read.url, read.token, agent);
          read.samples.server.push(timed.server);
          read.samples.client.push(timed.client);
        }
      }
    }
    const [heavyView, heavyTags, lightView, lightTags] = reads.map((read) => read.samples);
    return {
      server,
      result: {
        heavy: {
          records: heavyRecords,
          answers: heavyAnswers,
          view: summary(heavyView as Samples),
          tags: summary(heavyTags as Samples),
        },
        light: {
          records: 1000,
          answers: lightAnswers,
          view: summary(lightView as Samples),
          tags: summary(lightTags as Samples),
        },
        catchUp,
        heavyViewBytes: (heavyView as Samples).bytes,
      },
    };
  } finally {
    agent.destroy();
  }
}
