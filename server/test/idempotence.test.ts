// Every batch is sent three times, the copies concurrently and out of order with each other and
// with the next batch, from several devices at once, over real HTTP: nothing may be lost,
// duplicated or refused.
import type { LogRecord } from '@tagtime/log';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { pullRecords } from '../src/store/pull.js';
import { startTestApp, type TestServer } from './helpers/app.js';
import { bearer, makeDevice, makeRecords, makeUser, type TestDevice } from './helpers/fixtures.js';

let server: TestServer;
let url: string;
beforeAll(async () => {
  server = await startTestApp({ rateLimit: { perToken: 1_000_000, pairPerIp: 10 } });
  url = await server.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await server?.close();
});

interface Answer {
  status: number;
  accepted: number;
  duplicates: number;
}

async function send(device: TestDevice, records: LogRecord[], delayMs: number): Promise<Answer> {
  if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
  const res = await fetch(`${url}/v1/records`, {
    method: 'POST',
    headers: { ...bearer(device.token), 'content-type': 'application/json' },
    body: JSON.stringify({ records }),
  });
  const body = (await res.json()) as { accepted: number; duplicates: number };
  return { status: res.status, accepted: body.accepted, duplicates: body.duplicates };
}

/** Splits a log into batches of random sizes. */
function batches(records: LogRecord[], sizes: number[]): LogRecord[][] {
  const out: LogRecord[][] = [];
  let at = 0;
  for (const size of sizes) {
    if (at >= records.length) break;
    out.push(records.slice(at, at + size));
    at += size;
  }
  if (at < records.length) out.push(records.slice(at));
  return out;
}

test('three concurrent, reordered copies of every batch: no duplicates, no gaps, no refusals', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 3, maxLength: 12 }),
      fc.array(fc.integer({ min: 0, max: 8 }), { minLength: 3, maxLength: 3 }),
      fc.integer({ min: 1, max: 1_000_000 }),
      async (sizes, jitters, seed) => {
        const db = server.database.handle.db;
        const userId = await makeUser(db);
        const devices = [
          await makeDevice(db, userId, 'watch'),
          await makeDevice(db, userId, 'phone'),
          await makeDevice(db, userId, 'web'),
        ];
        const logs = devices.map((device, i) =>
          makeRecords(device.deviceId, 1_700_000_000_000 + seed + i, 60, 3),
        );
        const answers: Answer[] = [];
        const stragglers: Promise<void>[] = [];
        await Promise.all(
          devices.map(async (device, d) => {
            for (const batch of batches(logs[d] as LogRecord[], sizes)) {
              // Three copies at once, with different delays: the second overlaps the first
              // (a client resending its unacknowledged tail). The device moves on after the
              // first acknowledgement, so late copies race the next batch.
              const copies = [0, 1, 2].map((copy) =>
                send(device, batch, copy === 0 ? 0 : ((jitters[copy] ?? 0) * (copy + d)) % 9).then(
                  (answer) => {
                    answers.push(answer);
                    return answer;
                  },
                ),
              );
              await Promise.any(
                copies.map((copy) => copy.then((a) => a.status === 200 || Promise.reject(a))),
              );
              stragglers.push(Promise.all(copies).then(() => undefined));
            }
          }),
        );
        await Promise.all(stragglers);

        const total = logs.reduce((sum, log) => sum + log.length, 0);
        expect(answers.every((answer) => answer.status === 200)).toBe(true);
        expect(answers.reduce((sum, a) => sum + a.accepted, 0)).toBe(total);
        expect(answers.reduce((sum, a) => sum + a.accepted + a.duplicates, 0)).toBe(3 * total);

        const page = await pullRecords(server.app.store, userId, { after: {}, limit: 10_000 });
        const expected = logs
          .flat()
          .sort((a, b) => a.t - b.t || (a.device < b.device ? -1 : 1))
          .map((record) => JSON.stringify([record.device, record.t]));
        expect(page.records.map((r) => JSON.stringify([r.device, r.t]))).toEqual(expected);
        expect(page.more).toBe(false);
      },
    ),
    { numRuns: 6 },
  );
  expect((await server.app.store.verify()).ok).toBe(true);
}, 120_000);

test('among concurrent appends (one group commit), a conflicting request fails alone', async () => {
  const db = server.database.handle.db;
  const userId = await makeUser(db);
  const first = await makeDevice(db, userId);
  const second = await makeDevice(db, userId);
  const third = await makeDevice(db, userId);
  const stored = makeRecords(first.deviceId, 100, 3);
  expect((await send(first, stored, 0)).status).toBe(200);
  const changed = [{ ...stored[1], body: { name: 'rewritten', data: 1 } }] as LogRecord[];
  const answers = await Promise.all([
    send(second, makeRecords(second.deviceId, 200, 50), 0),
    send(first, changed, 0),
    send(third, makeRecords(third.deviceId, 300, 50), 0),
    send(first, makeRecords(first.deviceId, 400, 1), 0).then(() =>
      send(first, makeRecords(first.deviceId, 500, 1), 0),
    ),
  ]);
  expect(answers.map((answer) => answer.status).sort()).toEqual([200, 200, 200, 409]);
  const heads = await server.app.store.heads(userId);
  expect(heads).toEqual({
    [first.deviceId]: 500,
    [second.deviceId]: 249,
    [third.deviceId]: 349,
  });
});
