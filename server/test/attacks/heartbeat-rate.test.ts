// A lone stream got 9.7 heartbeats a second where the protocol says one per HEARTBEAT_MS
// (15 s): heartbeats went out in 100 ms slices with at least one per slice, so idle phones paid
// ~12 MB a day. Each stream must get about one per period whatever the number of streams.
// Counts, not latencies: a loaded machine may delay heartbeats, never multiply them.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestApp, type TestServer } from '../helpers/app.js';
import { bearer, makeDevice, makeUser } from '../helpers/fixtures.js';
import { openSse, type SseClient } from '../helpers/sse.js';

const HEARTBEAT_MS = 2000;
const WATCH_MS = 6000;

let server: TestServer;
let url: string;

beforeAll(async () => {
  server = await startTestApp({ heartbeatMs: HEARTBEAT_MS });
  url = await server.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await server?.close();
});

async function openStreams(count: number): Promise<SseClient[]> {
  const db = server.database.handle.db;
  const user = await makeUser(db);
  const streams: SseClient[] = [];
  for (let i = 0; i < count; i++) {
    const device = await makeDevice(db, user);
    const stream = await openSse(`${url}/v1/stream`, bearer(device.token));
    expect(stream.status).toBe(200);
    streams.push(stream);
  }
  return streams;
}

/** Heartbeats each stream got over WATCH_MS: at most one per period, plus one for rounding. */
async function heartbeatsOver(streams: SseClient[]): Promise<number[]> {
  const before = streams.map((s) => s.comments.length);
  await new Promise((done) => setTimeout(done, WATCH_MS));
  return streams.map((s, i) => s.comments.length - (before[i] ?? 0));
}

const mostPerStream = Math.ceil(WATCH_MS / HEARTBEAT_MS) + 1;

describe(`heartbeats come once per HEARTBEAT_MS (${HEARTBEAT_MS} ms) per stream`, () => {
  test('a lone stream', async () => {
    const [stream] = await openStreams(1);
    try {
      const [count = 0] = await heartbeatsOver([stream as SseClient]);
      // Without the rate fix a lone stream got one every 100 ms tick: ~60 here.
      expect(count).toBeLessThanOrEqual(mostPerStream);
      expect(count).toBeGreaterThanOrEqual(1);
    } finally {
      stream?.close();
    }
  }, 30_000);

  test('a few streams, fewer than the slices of a period', async () => {
    const streams = await openStreams(5);
    try {
      const counts = await heartbeatsOver(streams);
      for (const count of counts) expect(count).toBeLessThanOrEqual(mostPerStream);
      expect(counts.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(streams.length);
    } finally {
      for (const stream of streams) stream.close();
    }
  }, 30_000);
});
