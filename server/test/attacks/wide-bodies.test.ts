// One device token kept 4 appends of ~1.05 MB in flight, each one record whose body.data was
// 350,000 `{}` (or 520,000 numbers): under the body limit, so each cost 0.37–0.49 s of server
// CPU in JSON.parse and validation before its 413, and another user's `GET /v1/heads` went from
// 3 ms to seconds. Now such a batch is refused while it streams in, before any parse, and one
// device's appends take turns. Against a real server process on 127.0.0.1; the figures checked
// are the server's own CPU time (from /proc) and counts, not latencies.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LIMITS } from '@tagtime/log';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BatchShapeScanner } from '../../src/edge/batch-shape.js';
import { type ServerProcess, startServerProcess } from '../../src/testing/server-process.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { bearer, makeDevice, makeRecords, makeUser, type TestDevice } from '../helpers/fixtures.js';

let database: TestDatabase;
let server: ServerProcess;
let dataDir: string;
let attacker: TestDevice;
let bystander: TestDevice;

beforeAll(async () => {
  database = await createTestDatabase();
  dataDir = mkdtempSync(join(tmpdir(), 'tagtime-wide-'));
  server = await startServerProcess({
    DATABASE_URL: database.url,
    DATA_DIR: dataDir,
    RATE_LIMIT_PER_TOKEN: '100000',
    CONCURRENT_PER_TOKEN: '2',
  });
  const db = database.handle.db;
  attacker = await makeDevice(db, await makeUser(db, 'attacker'));
  bystander = await makeDevice(db, await makeUser(db, 'bystander'));
  // Warm up (tsx compiles on first use; the token lookups get cached).
  await append(bystander, JSON.stringify({ records: makeRecords(bystander.deviceId, 1000, 3) }));
  await append(attacker, JSON.stringify({ records: [] }));
}, 60_000);
afterAll(async () => {
  server?.child.kill('SIGTERM');
  await server?.exited;
  await database?.drop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** The server process's CPU time so far, in ms (user + system, from /proc). */
function serverCpuMs(): number {
  const stat = readFileSync(`/proc/${server.child.pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

/** An append's answer: the result's counts, or the error. */
interface Answer {
  accepted?: number;
  error?: { code: string; index?: number };
}

async function append(device: TestDevice, body: string) {
  const res = await fetch(`${server.url}/v1/records`, {
    method: 'POST',
    headers: { ...bearer(device.token), 'content-type': 'application/json' },
    body,
  });
  return { status: res.status, body: (await res.json()) as Answer };
}

/** One record whose body.data is a flat list of `count` copies of `item`, as the attack sent. */
function wideBody(count: number, item: string): string {
  const data = `[${Array.from({ length: count }, () => item).join(',')}]`;
  return `{"records":[{"device":"${attacker.deviceId}","t":${Date.now() - 1000},"kind":"event","body":{"name":"x","data":${data}}}]}`;
}

const attacks = {
  '350,000 {}': () => wideBody(350_000, '{}'),
  '520,000 numbers': () => wideBody(520_000, '7'),
};

describe('a batch too wide to be valid is refused before it is parsed', () => {
  for (const [name, make] of Object.entries(attacks)) {
    test(`one record of ${name}: 413 for a few ms of server CPU`, async () => {
      const body = make();
      expect(body.length).toBeGreaterThan(1_000_000);
      expect(body.length).toBeLessThan(LIMITS.batchBytes + 64 * 1024);
      const rounds = 6;
      const before = serverCpuMs();
      for (let i = 0; i < rounds; i++) {
        const answer = await append(attacker, body);
        expect(answer.status).toBe(413);
        expect(answer.body.error?.code).toBe('record_too_large');
        expect(answer.body.error?.index).toBe(0);
      }
      const perRequest = (serverCpuMs() - before) / rounds;
      // Parsed and validated, each cost 370–490 ms; scanned and refused, a few ms (reading
      // the bytes off the socket included). 100 ms leaves room for a slow, busy machine.
      expect(perRequest).toBeLessThan(100);
      expect(
        (await fetch(`${server.url}/v1/heads`, { headers: bearer(attacker.token) })).status,
      ).toBe(200);
    }, 60_000);
  }

  test("four in flight from one token: another user's requests are answered meanwhile", async () => {
    const body = attacks['350,000 {}']();
    const before = serverCpuMs();
    let stop = false;
    let sent = 0;
    const loops = Array.from({ length: 4 }, async () => {
      while (!stop) {
        // The server answers 413 and closes without reading the rest; a client still writing
        // may see the closed socket (EPIPE) before the answer. Either way it was refused.
        const status = await append(attacker, body).then(
          (answer) => answer.status,
          () => 'closed',
        );
        expect([413, 'closed']).toContain(status);
        sent += 1;
      }
    });
    try {
      for (let i = 0; i < 10; i++) {
        const started = Date.now();
        const res = await fetch(`${server.url}/v1/heads`, { headers: bearer(bystander.token) });
        expect(res.status).toBe(200);
        // Generous: before, each waited behind several half-second parses.
        expect(Date.now() - started).toBeLessThan(5000);
      }
    } finally {
      stop = true;
      await Promise.allSettled(loops);
    }
    await Promise.all(loops);
    expect((serverCpuMs() - before) / Math.max(sent, 1)).toBeLessThan(100);
    expect(await heads(attacker)).toEqual({});
  }, 60_000);

  test('a valid 1 MiB batch of wide records (the same values spread out) is still stored', async () => {
    const device = await makeDevice(database.handle.db, attacker.userId, 'web');
    const start = Date.now() - 10_000;
    const item = (t: number, count: number) =>
      `{"device":"${device.deviceId}","t":${t},"kind":"event","body":{"name":"x","data":[${Array.from({ length: count }, () => '{}').join(',')}]}}`;
    const perRecord = Math.floor((LIMITS.recordBytes - item(start, 0).length) / 3);
    const records = Array.from({ length: 120 }, (_, i) => item(start + i, perRecord));
    expect(Buffer.byteLength(records[0] as string)).toBeLessThanOrEqual(LIMITS.recordBytes);
    const body = `{"records":[${records.join(',')}]}`;
    expect(body.length).toBeGreaterThan(LIMITS.batchBytes * 0.9);
    const answer = await append(device, body);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body.accepted).toBe(120);
  }, 60_000);
});

async function heads(device: TestDevice): Promise<Record<string, number>> {
  const res = await fetch(`${server.url}/v1/heads`, { headers: bearer(device.token) });
  return ((await res.json()) as { heads: Record<string, number> }).heads;
}

/** An append whose body is held back after its first byte: it keeps its turn until released. */
function heldAppend(
  device: TestDevice,
  body: string,
): Promise<{ socket: Socket; text: () => string }> {
  const { port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    let text = '';
    const socket = connect({ host: '127.0.0.1', port: Number(port) }, () => {
      socket.write(
        `POST /v1/records HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${device.token}\r\n` +
          `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, 1)}`,
      );
      resolve({ socket, text: () => text });
    });
    socket.on('data', (chunk) => {
      text += chunk.toString();
    });
    socket.once('error', reject);
  });
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

describe("one token's appends take turns", () => {
  test('2 at a time, 16 waiting, the next one a 429; other users pass', async () => {
    const db = database.handle.db;
    const device = await makeDevice(db, await makeUser(db, 'busy'));
    const batch = (t: number) => JSON.stringify({ records: makeRecords(device.deviceId, t, 2) });
    const held = [await heldAppend(device, batch(10)), await heldAppend(device, batch(20))];
    try {
      await sleep(1000); // both past authentication, holding the device's two turns
      let answered = 0;
      const waiting = Array.from({ length: 16 }, (_, i) =>
        append(device, batch(100 + i * 10)).then((answer) => {
          answered += 1;
          return answer;
        }),
      );
      await sleep(1500);
      expect(answered).toBe(0);
      const refused = await append(device, batch(1000));
      expect(refused.status).toBe(429);
      expect(refused.body.error?.code).toBe('rate_limited');
      // Another user's append is not in this device's line.
      const other = await append(
        bystander,
        JSON.stringify({ records: makeRecords(bystander.deviceId, 5000, 2) }),
      );
      expect(other.status).toBe(200);
      expect(answered).toBe(0);

      for (const [i, { socket }] of held.entries()) socket.write(batch(10 + i * 10).slice(1));
      for (const { text } of held) {
        await expect.poll(() => text(), { timeout: 10_000 }).toMatch(/^HTTP\/1.1 (200|409) /);
      }
      const answers = await Promise.all(waiting);
      // Each waited its turn and was then served; out of order, some are behind the head.
      for (const answer of answers) expect([200, 409]).toContain(answer.status);
      expect(answers.some((answer) => answer.status === 200)).toBe(true);
    } finally {
      for (const { socket } of held) socket.destroy();
    }
  }, 60_000);
});

describe('the scan never refuses what JSON.stringify makes of a valid size', () => {
  test('a record at exactly its canonical size, however spaced, passes the scan', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer({ min: 0, max: 4 }), (data, indent) => {
        const record = { device: 'd', t: 1, kind: 'event', body: { name: 'n', data } };
        const canonical = Buffer.byteLength(JSON.stringify(record));
        const sent = Buffer.from(JSON.stringify({ records: [record, record] }, null, indent));
        const scanner = new BatchShapeScanner({
          recordBytes: canonical,
          batchBytes: '{"records":[]}'.length + 2 * canonical + 1,
          batchRecords: 2,
        });
        // Fed in small pieces, as bodies arrive: strings and escapes span chunk edges.
        for (let at = 0; at < sent.length; at += 7) {
          expect(scanner.feed(sent.subarray(at, at + 7))).toBeUndefined();
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('the scan reads a body the same however it arrives', () => {
  const verdict = (
    body: Buffer,
    size: number,
    limits: ConstructorParameters<typeof BatchShapeScanner>[0],
  ) => {
    const scanner = new BatchShapeScanner(limits);
    for (let at = 0; at < body.length; at += size) {
      const refusal = scanner.feed(body.subarray(at, at + size));
      if (refusal) return `${refusal.code} ${JSON.stringify(refusal.details)}`;
    }
    return scanner.tooDeep ? 'too deep' : 'passed';
  };

  test('in one piece or in pieces of 1 to 9 bytes: the same refusal, or none', () => {
    const text = fc.string({ unit: fc.constantFrom('a', '"', '\\', 'é', '\n', ' ', '{') });
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.jsonValue(), text), { maxLength: 6 }),
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 8, max: 200 }),
        (items, size, recordBytes) => {
          const records = items.map((data) => ({
            device: 'd',
            t: 1,
            kind: 'event',
            body: { name: 'n', data },
          }));
          const body = Buffer.from(JSON.stringify({ records }));
          const limits = { recordBytes, batchBytes: recordBytes * 3, batchRecords: 5 };
          expect(verdict(body, size, limits)).toBe(verdict(body, body.length, limits));
        },
      ),
      { numRuns: 1000 },
    );
  });

  test('a string of escapes is read once: 1 MiB of them takes milliseconds', () => {
    const body = Buffer.from(`{"records":[{"body":{"name":"${'\\\\'.repeat(512 * 1024)}"}}]}`);
    const scanner = new BatchShapeScanner({
      recordBytes: 2 ** 30,
      batchBytes: 2 ** 30,
      batchRecords: 5,
    });
    const started = performance.now();
    for (let at = 0; at < body.length; at += 65_536) scanner.feed(body.subarray(at, at + 65_536));
    // Once per escape it would be 16 chunks × 32,768 escapes × 64 KiB searched: seconds.
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
