import { canonicalJson, type LogRecord } from '@tagtime/log';
import { open } from 'lmdb';
import { connect } from 'nats';
import { makeRecords } from '../test/helpers/fixtures.js';
import type { ServerProcess } from '../test/helpers/process.js';
import { type BenchEnv, fmt, rate } from './setup.js';

const BATCH = 1000;
const LANES = 4;

export interface IngestResult {
  records: number;
  httpPerSec: number;
  lmdbPerSec: number;
  natsPerSec: number | undefined;
}

async function lanes<T>(work: T[][], run: (item: T) => Promise<void>): Promise<void> {
  await Promise.all(
    work.map(async (lane) => {
      for (const item of lane) await run(item);
    }),
  );
}

/**
 * Ingest of 1000-record batches: over HTTP into the server (validated, conflict-checked,
 * durably committed before the answer), against raw LMDB puts of the same records awaited to
 * the same durability, and against publishing them to NATS JetStream (file storage, acked).
 * Four concurrent writers each time, one device log per writer.
 */
export async function benchIngest(
  env: BenchEnv,
  server: ServerProcess,
  batchesPerLane: number,
): Promise<IngestResult> {
  const devices = await env.user(LANES);
  const work = devices.map((device, lane) =>
    Array.from({ length: batchesPerLane }, (_, b) =>
      makeRecords(device.deviceId, 1_700_000_000_000 + lane + b * BATCH * 10, BATCH, 10),
    ),
  );
  const records = LANES * batchesPerLane * BATCH;

  // Warm-up: one batch per lane (JIT, connections), not counted.
  const warm = devices.map((device, lane) =>
    makeRecords(device.deviceId, 1_600_000_000_000 + lane, BATCH, 10),
  );
  const post = async (token: string, batch: LogRecord[]) => {
    const res = await fetch(`${server.url}/v1/records`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ records: batch }),
    });
    if (res.status !== 200) throw new Error(`ingest answered ${res.status}: ${await res.text()}`);
    await res.arrayBuffer();
  };
  await Promise.all(devices.map((device, lane) => post(device.token, warm[lane] as LogRecord[])));

  let start = performance.now();
  await Promise.all(
    devices.map(async (device, lane) => {
      for (const batch of work[lane] as LogRecord[][]) await post(device.token, batch);
    }),
  );
  const httpPerSec = rate(records, performance.now() - start);

  // Raw LMDB: the same records, same key layout, one async put each, each batch awaited to disk.
  const lmdb = open({ path: env.scratch('raw-lmdb'), encoding: 'string' });
  start = performance.now();
  await lanes(work, async (batch) => {
    for (const record of batch) {
      lmdb.put(['usr_raw', record.device, record.t], canonicalJson(record));
    }
    await lmdb.flushed;
  });
  const lmdbPerSec = rate(records, performance.now() - start);
  await lmdb.close();

  const natsPerSec = await benchJetStream(work, records);
  console.log(
    `ingest: ${fmt(records)} records in ${BATCH}-record batches, ${LANES} writers: HTTP ${fmt(httpPerSec)}/s, raw LMDB ${fmt(lmdbPerSec)}/s, JetStream ${natsPerSec === undefined ? 'n/a' : `${fmt(natsPerSec)}/s`}`,
  );
  return { records, httpPerSec, lmdbPerSec, natsPerSec };
}

/** One JetStream message per record, a batch's publishes in flight together, acks awaited. */
async function benchJetStream(work: LogRecord[][][], records: number): Promise<number | undefined> {
  const url = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
  let connection: Awaited<ReturnType<typeof connect>>;
  try {
    connection = await connect({ servers: url });
  } catch (error) {
    console.log(`JetStream baseline skipped: ${(error as Error).message}`);
    return undefined;
  }
  const name = `TAGTIME_BENCH_${process.pid}`;
  const manager = await connection.jetstreamManager();
  await manager.streams.add({ name, subjects: [`tagtime-bench-${process.pid}.>`] });
  try {
    const js = connection.jetstream();
    const start = performance.now();
    await lanes(work, async (batch) => {
      await Promise.all(
        batch.map((record) =>
          js.publish(`tagtime-bench-${process.pid}.${record.device}`, canonicalJson(record)),
        ),
      );
    });
    return rate(records, performance.now() - start);
  } finally {
    await manager.streams.delete(name);
    await connection.drain();
  }
}
