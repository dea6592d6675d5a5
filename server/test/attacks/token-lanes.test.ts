// Ten concurrent pull loops from one token raised another user's p50 from 3.5 ms to 279 ms:
// every page streams out in chunks, and ten pages of one device got ten turns of the event loop
// to the other user's one. One device's pulls (and appends) now take turns in a TokenLanes:
// a few served at once, a bounded line waiting, a 429 past it, and for appends a share of the
// CPU, and for pulls half a core while other devices use the server too. First the pulls over HTTP (appends: wide-bodies.test.ts), then the lane's rules with
// stand-in responses (only their 'close' matters): counts, not latencies. The timed figure,
// another user's p99 while one token pulls in ten loops, is the bench's attack row.
import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { LogRecord } from '@tagtime/log';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DeviceActivity, TokenLanes } from '../../src/edge/token-lanes.js';
import type { AppError } from '../../src/errors.js';
import { startTestApp, type TestServer } from '../helpers/app.js';
import { bearer, makeDevice, makeRecords, makeUser, type TestDevice } from '../helpers/fixtures.js';

let server: TestServer;
let url: string;
let puller: TestDevice;
let bystander: TestDevice;

/** Records of about 1 KB, so a page of 10,000 is more than the sockets' buffers hold. */
function bigRecords(device: string, t0: number, n: number): LogRecord[] {
  return Array.from({ length: n }, (_, i) => ({
    device,
    t: t0 + i,
    kind: 'event' as const,
    body: { name: 'filler', data: 'x'.repeat(1000) },
  }));
}

beforeAll(async () => {
  server = await startTestApp({ concurrentPerToken: 2, rateLimit: { perToken: 100_000 } });
  url = await server.app.listen({ port: 0, host: '127.0.0.1' });
  const db = server.database.handle.db;
  puller = await makeDevice(db, await makeUser(db, 'puller'));
  bystander = await makeDevice(db, await makeUser(db, 'bystander'));
  for (let batch = 0; batch < 12; batch++) {
    const res = await fetch(`${url}/v1/records`, {
      method: 'POST',
      headers: { ...bearer(puller.token), 'content-type': 'application/json' },
      body: JSON.stringify({ records: bigRecords(puller.deviceId, 1000 + batch * 1000, 900) }),
    });
    expect(res.status).toBe(200);
  }
  const res = await fetch(`${url}/v1/records`, {
    method: 'POST',
    headers: { ...bearer(bystander.token), 'content-type': 'application/json' },
    body: JSON.stringify({ records: makeRecords(bystander.deviceId, 1000, 3) }),
  });
  expect(res.status).toBe(200);
}, 60_000);
afterAll(async () => {
  await server?.close();
});

/** A pull of a 10 MB page that its client does not read: it keeps its turn. */
function stalledPull(): Promise<Socket> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port: Number(port) }, () => {
      socket.write(
        `GET /v1/records?limit=10000 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${puller.token}\r\n\r\n`,
      );
      socket.pause();
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

const pull = (device: TestDevice) =>
  fetch(`${url}/v1/records?limit=1`, { headers: bearer(device.token) }).then(async (res) => ({
    status: res.status,
    body: (await res.json()) as { error?: { code: string } },
  }));

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

describe("one token's pulls take turns (HTTP)", () => {
  test('two pages in progress hold its turns; the next wait, past the line a 429; others pass', async () => {
    const held = [await stalledPull(), await stalledPull()];
    try {
      await sleep(1000); // both streaming into full socket buffers
      let answered = 0;
      const waiting = Array.from({ length: 16 }, () =>
        pull(puller).then((answer) => {
          answered += 1;
          return answer;
        }),
      );
      await sleep(1500);
      expect(answered).toBe(0);
      const refused = await pull(puller);
      expect(refused.status).toBe(429);
      expect(refused.body.error?.code).toBe('rate_limited');
      expect((await pull(bystander)).status).toBe(200);
      expect(answered).toBe(0);
      for (const socket of held) socket.destroy();
      for (const answer of await Promise.all(waiting)) expect(answer.status).toBe(200);
    } finally {
      for (const socket of held) socket.destroy();
    }
  }, 60_000);
});

/** A response that is open until `close()`. */
function response(): ServerResponse & { close(): void } {
  const emitter = new EventEmitter() as EventEmitter & { closed: boolean; close(): void };
  emitter.closed = false;
  emitter.close = () => {
    emitter.closed = true;
    emitter.emit('close');
  };
  return emitter as unknown as ServerResponse & { close(): void };
}

/** Starts `count` requests of `key`; each records whether it got its turn. */
function start(lanes: TokenLanes, key: string, count: number) {
  return Array.from({ length: count }, () => {
    const res = response();
    const entry = { res, started: false, refused: undefined as AppError | undefined };
    lanes.enter(key, res).then(
      () => {
        entry.started = true;
      },
      (error: AppError) => {
        entry.refused = error;
      },
    );
    return entry;
  });
}

const settle = () => new Promise((done) => setImmediate(done));
const started = (entries: Array<{ started: boolean }>) => entries.filter((e) => e.started).length;

describe('one device takes turns', () => {
  test('ten pulls at once: two run, the rest wait in line, past the line a 429', async () => {
    const lanes = new TokenLanes({ concurrent: 2, queued: 8 });
    const pulls = start(lanes, 'user/device', 10);
    const past = start(lanes, 'user/device', 1);
    await settle();
    expect(started(pulls)).toBe(2);
    expect(past[0]?.refused?.code).toBe('rate_limited');
    expect(past[0]?.refused?.status).toBe(429);
    // Another device (of any user) has a lane of its own.
    const other = start(lanes, 'user/other', 1);
    await settle();
    expect(started(other)).toBe(1);

    // Each page that ends lets the next one in, in order.
    pulls[0]?.res.close();
    await settle();
    expect(started(pulls)).toBe(3);
    expect(pulls[2]?.started).toBe(true);
    // A client that leaves while waiting frees its place without ever running.
    pulls[5]?.res.close();
    for (const pull of pulls.slice(1)) pull.res.close();
    await settle();
    expect(pulls[5]?.started).toBe(false);
    expect(started(pulls)).toBe(9);
  });

  test('a device over its CPU share waits for its next turn until the debt is paid', async () => {
    const lanes = new TokenLanes({ concurrent: 2, queued: 8, cpuShare: 0.5, cpuBurstMs: 10 });
    const [first] = start(lanes, 'k', 1);
    await settle();
    expect(first?.started).toBe(true);
    // 210 ms of CPU at half a core: 200 ms over the burst takes 400 ms to pay back.
    lanes.charge('k', 210);
    first?.res.close();
    const [next] = start(lanes, 'k', 1);
    await new Promise((done) => setTimeout(done, 100));
    expect(next?.started).toBe(false);
    await expect.poll(() => next?.started, { timeout: 5000 }).toBe(true);
    next?.res.close();
  });

  test('pulls get their contended share only while another device asks too', async () => {
    const activity = new DeviceActivity();
    const lanes = new TokenLanes({
      concurrent: 2,
      queued: 8,
      contendedShare: 0.5,
      cpuBurstMs: 10,
      activity,
    });
    // Alone on the server, a device's pages cost it nothing: the next starts at once.
    activity.seen('k');
    const [alone] = start(lanes, 'k', 1);
    await settle();
    lanes.charge('k', 210);
    alone?.res.close();
    const [again] = start(lanes, 'k', 1);
    await settle();
    expect(again?.started).toBe(true);
    // Another device asks: the same page now leaves the rest of the core to it.
    activity.seen('other');
    lanes.charge('k', 210);
    again?.res.close();
    const [paced] = start(lanes, 'k', 1);
    await new Promise((done) => setTimeout(done, 100));
    expect(paced?.started).toBe(false);
    await expect.poll(() => paced?.started, { timeout: 5000 }).toBe(true);
    paced?.res.close();
  });
});
