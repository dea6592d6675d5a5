import { canonicalJson, type LogRecord } from '@tagtime/log';
import { open } from 'lmdb';
import { connect, type NatsConnection } from 'nats';
import type { ServerProcess } from '../src/testing/server-process.js';
import type { TestDevice } from '../test/helpers/fixtures.js';
import { makeRecords } from '../test/helpers/fixtures.js';
import { type BenchEnv, fmt, rate } from './setup.js';

const BATCH = 1000;
const LANES = 4;
const ROUNDS = 5;

export interface IngestResult {
  /** Records per round. */
  records: number;
  /** Records per second of each round, the sides measured one after the other. */
  http: number[];
  lmdb: number[];
  /** Empty when NATS was not reachable. */
  nats: number[];
}

/** Runs each lane's items in order, the lanes concurrently; returns records per second. */
async function timed(
  work: LogRecord[][][],
  run: (lane: number, batch: LogRecord[]) => Promise<void>,
) {
  const count = work.reduce((sum, lane) => sum + lane.length * BATCH, 0);
  const start = performance.now();
  await Promise.all(
    work.map(async (lane, index) => {
      for (const batch of lane) await run(index, batch);
    }),
  );
  return rate(count, performance.now() - start);
}

/**
 * Ingest of 1000-record batches, four concurrent writers (one device log each): over HTTP into
 * the server (validated, conflict-checked, durably committed before the answer), against raw
 * LMDB puts of the same records awaited to the same durability, and against publishing them to
 * NATS JetStream (file storage, one acked message per record). The three run in alternating
 * rounds, so each round's ratio compares sides measured seconds apart: a load spike on this
 * shared machine hurts neither side more than the other.
 */
export async function benchIngest(
  env: BenchEnv,
  server: ServerProcess,
  batchesPerRound: number,
  /** Whether to measure the JetStream side too (its publishes time out on a loaded machine). */
  jetStream = true,
): Promise<IngestResult> {
  const devices = await env.user(LANES);
  let nextT = 1_700_000_000_000;
  const round = (): LogRecord[][][] =>
    devices.map((device) =>
      Array.from({ length: batchesPerRound }, () => {
        const batch = makeRecords(device.deviceId, nextT, BATCH, 10);
        nextT += BATCH * 10;
        return batch;
      }),
    );
  const post = async (device: TestDevice, batch: LogRecord[]) => {
    const res = await fetch(`${server.url}/v1/records`, {
      method: 'POST',
      headers: { authorization: `Bearer ${device.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ records: batch }),
    });
    if (res.status !== 200) throw new Error(`ingest answered ${res.status}: ${await res.text()}`);
    await res.arrayBuffer();
  };
  // The same durability as the store: a commit visible only once synced (no overlappingSync).
  const lmdb = open({ path: env.scratch('raw-lmdb'), encoding: 'string', overlappingSync: false });
  const nats = jetStream ? await JetStreamSink.open() : undefined;
  const http: number[] = [];
  const raw: number[] = [];
  const js: number[] = [];
  try {
    // A full warm-up round of each (JIT, connections, LMDB map growth), not counted.
    const warm = round();
    await timed(warm, (lane, batch) => post(devices[lane] as TestDevice, batch));
    await timed(warm, async (_lane, batch) => {
      for (const record of batch)
        lmdb.put(['usr_raw', record.device, record.t], canonicalJson(record));
      await lmdb.flushed;
    });
    for (let r = 0; r < ROUNDS; r++) {
      const work = round();
      http.push(await timed(work, (lane, batch) => post(devices[lane] as TestDevice, batch)));
      raw.push(
        await timed(work, async (_lane, batch) => {
          for (const record of batch) {
            lmdb.put(['usr_raw', record.device, record.t], canonicalJson(record));
          }
          await lmdb.flushed;
        }),
      );
      if (nats) js.push(await timed(work, (_lane, batch) => nats.publish(batch)));
    }
  } finally {
    await lmdb.close();
    await nats?.close();
  }
  const result: IngestResult = {
    records: LANES * batchesPerRound * BATCH,
    http,
    lmdb: raw,
    nats: js,
  };
  const list = (rates: number[]) => rates.map((r) => fmt(r)).join(' / ');
  console.log(
    `ingest: ${ROUNDS} rounds of ${fmt(result.records)} records in ${BATCH}-record batches, ${LANES} writers, records/s per round: HTTP ${list(http)}; raw LMDB ${list(raw)}; JetStream ${js.length ? list(js) : 'n/a'}`,
  );
  return result;
}

/** A JetStream stream of its own for the run; one message per record, a batch in flight at once. */
class JetStreamSink {
  private constructor(
    private readonly connection: NatsConnection,
    private readonly name: string,
  ) {}

  static async open(): Promise<JetStreamSink | undefined> {
    const url = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
    try {
      const connection = await connect({ servers: url });
      const name = `TAGTIME_BENCH_${process.pid}`;
      const manager = await connection.jetstreamManager();
      await manager.streams.add({ name, subjects: [`tagtime-bench-${process.pid}.>`] });
      return new JetStreamSink(connection, name);
    } catch (error) {
      console.log(`JetStream baseline skipped: ${(error as Error).message}`);
      return undefined;
    }
  }

  async publish(batch: LogRecord[]): Promise<void> {
    const js = this.connection.jetstream();
    await Promise.all(
      batch.map((record) =>
        js.publish(`tagtime-bench-${process.pid}.${record.device}`, canonicalJson(record)),
      ),
    );
  }

  async close(): Promise<void> {
    const manager = await this.connection.jetstreamManager();
    await manager.streams.delete(this.name);
    await this.connection.drain();
  }
}
