// The conformance suite: one test per sentence of "Sync protocol v1" in DESIGN.md, against the
// real app on a real MariaDB database and real LMDB files.
import { createHash } from 'node:crypto';
import { createPairingCode, revokeDevice } from '@tagtime/db';
import * as schema from '@tagtime/db/schema';
import { LIMITS, type LogRecord } from '@tagtime/log';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestApp, type TestServer } from './helpers/app.js';
import { bearer, makeDevice, makeRecords, makeUser, type TestDevice } from './helpers/fixtures.js';
import { runEntry } from './helpers/process.js';
import { logEvent, openSse } from './helpers/sse.js';

let server: TestServer;
let url: string;

beforeAll(async () => {
  server = await startTestApp({ rateLimit: { perToken: 100_000, pairPerIp: 3 } });
  url = await server.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await server?.close();
});

const db = () => server.database.handle.db;

async function newDevice(userId?: string): Promise<TestDevice> {
  return makeDevice(db(), userId ?? (await makeUser(db())));
}

function post(device: TestDevice, records: unknown[]) {
  return server.app.inject({
    method: 'POST',
    url: '/v1/records',
    headers: bearer(device.token),
    payload: { records },
  });
}

function pull(device: TestDevice, query = '') {
  return server.app.inject({
    method: 'GET',
    url: `/v1/records${query}`,
    headers: bearer(device.token),
  });
}

async function heads(device: TestDevice): Promise<Record<string, number>> {
  const res = await server.app.inject({
    method: 'GET',
    url: '/v1/heads',
    headers: bearer(device.token),
  });
  expect(res.statusCode).toBe(200);
  return res.json().heads;
}

describe('authentication', () => {
  test('devices authenticate with Authorization: Bearer <device token>', async () => {
    const device = await newDevice();
    expect((await pull(device)).statusCode).toBe(200);
    const missing = await server.app.inject({ method: 'GET', url: '/v1/heads' });
    expect(missing.statusCode).toBe(401);
    expect(missing.json().error.code).toBe('unauthorized');
    const wrongScheme = await server.app.inject({
      method: 'GET',
      url: '/v1/heads',
      headers: { authorization: `Basic ${device.token}` },
    });
    expect(wrongScheme.statusCode).toBe(401);
    const unknown = await server.app.inject({
      method: 'GET',
      url: '/v1/heads',
      headers: bearer('ttd_not-a-real-token'),
    });
    expect(unknown.statusCode).toBe(401);
  });

  test('a token belongs to exactly one device of one user', async () => {
    const userId = await makeUser(db());
    const a = await newDevice(userId);
    const b = await newDevice(userId);
    expect((await post(a, makeRecords(a.deviceId, 10, 2))).statusCode).toBe(200);
    expect((await post(b, makeRecords(b.deviceId, 20, 1))).statusCode).toBe(200);
    expect(await heads(a)).toEqual({ [a.deviceId]: 11, [b.deviceId]: 20 });
    expect(await heads(b)).toEqual(await heads(a));
  });

  test('the token is stored only as a hash', async () => {
    const device = await newDevice();
    const rows = await db().select().from(schema.devices);
    const row = rows.find((r) => r.id === device.deviceId);
    expect(row?.tokenHash).toBe(createHash('sha256').update(device.token).digest('hex'));
    expect(JSON.stringify(rows)).not.toContain(device.token);
  });

  test('a token revoked from the console is refused (within one second)', async () => {
    const device = await newDevice();
    expect((await pull(device)).statusCode).toBe(200); // now cached
    await revokeDevice(db(), device.deviceId);
    await new Promise((resolve) => setTimeout(resolve, server.config.authCacheMs + 50));
    const res = await pull(device);
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('unauthorized');
  });
});

describe('POST /v1/pair', () => {
  test('exchanges a pairing code shown in the console for a device token: { device, token }', async () => {
    const userId = await makeUser(db());
    const { code } = await createPairingCode(db(), { userId });
    const res = await server.app.inject({
      method: 'POST',
      url: '/v1/pair',
      payload: { code, name: 'my watch', kind: 'watch' },
    });
    expect(res.statusCode).toBe(200);
    const { device, token } = res.json();
    expect(typeof device).toBe('string');
    const paired: TestDevice = { userId, deviceId: device, token };
    expect((await post(paired, makeRecords(device, 1, 1))).json().accepted).toBe(1);
    const again = await server.app.inject({
      method: 'POST',
      url: '/v1/pair',
      payload: { code, name: 'my watch', kind: 'watch' },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('pairing_code_used');
  });
});

describe('POST /v1/records', () => {
  test("appends to the caller's own log, atomically (all or none)", async () => {
    const device = await newDevice();
    const records: unknown[] = makeRecords(device.deviceId, 100, 5);
    records.push({ device: device.deviceId, t: 200, kind: 'ping', body: { tags: [] } });
    const res = await post(device, records);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ index: 5, path: 'records[5].body.ping' });
    expect(await heads(device)).toEqual({});
  });

  test('a record naming another device is refused (403) and nothing is stored', async () => {
    const userId = await makeUser(db());
    const device = await newDevice(userId);
    const other = await newDevice(userId);
    const records = [...makeRecords(device.deviceId, 1, 2), ...makeRecords(other.deviceId, 5, 1)];
    const res = await post(device, records);
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toMatchObject({ code: 'forbidden', index: 2 });
    expect(await heads(device)).toEqual({});
  });

  test('resending records already stored is harmless: identical ones count as duplicates', async () => {
    const device = await newDevice();
    const records = makeRecords(device.deviceId, 100, 4);
    expect((await post(device, records.slice(0, 3))).json()).toEqual({
      accepted: 3,
      duplicates: 0,
      head: 102,
    });
    expect((await post(device, records)).json()).toEqual({ accepted: 1, duplicates: 3, head: 103 });
    expect((await pull(device)).json().records).toHaveLength(4);
  });

  test('a different record at a stored (device, t) is a 409', async () => {
    const device = await newDevice();
    const records = makeRecords(device.deviceId, 100, 3);
    await post(device, records);
    const res = await post(device, [{ ...records[1], body: { name: 'changed', data: 1 } }]);
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({
      code: 'conflict',
      index: 0,
      reason: 'different_record',
    });
  });

  test("a record older than the log's head that is not a duplicate is a 409", async () => {
    const device = await newDevice();
    await post(device, makeRecords(device.deviceId, 100, 3, 10));
    const res = await post(device, makeRecords(device.deviceId, 115, 1));
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({
      code: 'conflict',
      reason: 'older_than_head',
      head: 120,
    });
  });

  test("answers { accepted, duplicates, head }, head being the log's last t", async () => {
    const device = await newDevice();
    const res = await post(device, makeRecords(device.deviceId, 5000, 7, 3));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ accepted: 7, duplicates: 0, head: 5018 });
    expect((await post(device, [])).json()).toEqual({ accepted: 0, duplicates: 0, head: 5018 });
  });

  test('answers 200 only once the records are durably stored (another process reads them)', async () => {
    const device = await newDevice();
    expect((await post(device, makeRecords(device.deviceId, 777, 2))).statusCode).toBe(200);
    // A separate process opens the same LMDB files: what it sees is on disk, not in our memory.
    const { stdout } = await runEntry('src/cli/main.ts', ['heads', device.userId], {
      DATA_DIR: server.dataDir,
    });
    expect(JSON.parse(stdout)).toEqual({ [device.deviceId]: 778 });
  }, 60_000);
});

describe('GET /v1/records', () => {
  let a: TestDevice;
  let b: TestDevice;
  beforeAll(async () => {
    const userId = await makeUser(db());
    a = await newDevice(userId);
    b = await newDevice(userId);
    await post(a, makeRecords(a.deviceId, 10, 5, 2)); // 10 12 14 16 18
    await post(b, makeRecords(b.deviceId, 11, 5, 2)); // 11 13 15 17 19
  });

  test("returns the records of all the user's logs in merged order: { records, cursor, more }", async () => {
    const res = await pull(b);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.records.map((r: LogRecord) => r.t)).toEqual([
      10, 11, 12, 13, 14, 15, 16, 17, 18, 19,
    ]);
    expect(body.more).toBe(false);
    expect(body.cursor).toBe([`${a.deviceId}:18`, `${b.deviceId}:19`].sort().join(','));
    expect(body.records[0]).toEqual(makeRecords(a.deviceId, 10, 1)[0]);
  });

  test('starts after the given per-log points; a log not named starts from its start', async () => {
    const res = await pull(a, `?after=${a.deviceId}:14`);
    expect(res.json().records.map((r: LogRecord) => `${r.t}`)).toEqual([
      '11',
      '13',
      '15',
      '16',
      '17',
      '18',
      '19',
    ]);
  });

  test('limit bounds the page and more says whether records remain', async () => {
    const res = await pull(a, '?limit=3');
    const body = res.json();
    expect(body.records.map((r: LogRecord) => r.t)).toEqual([10, 11, 12]);
    expect(body.more).toBe(true);
  });

  test('passing cursor back as after continues exactly where it stopped', async () => {
    const seen: number[] = [];
    let after = '';
    for (let page = 0; page < 10; page++) {
      const body = (await pull(a, `?limit=3&after=${encodeURIComponent(after)}`)).json();
      seen.push(...body.records.map((r: LogRecord) => r.t));
      after = body.cursor;
      if (!body.more) break;
    }
    expect(seen).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    await post(a, makeRecords(a.deviceId, 30, 1));
    const next = (await pull(a, `?after=${encodeURIComponent(after)}`)).json();
    expect(next.records.map((r: LogRecord) => r.t)).toEqual([30]);
  });
});

describe('GET /v1/heads', () => {
  test("answers { heads: { <device>: <t> } } for the user's logs", async () => {
    const userId = await makeUser(db());
    const a = await newDevice(userId);
    const b = await newDevice(userId);
    expect(await heads(a)).toEqual({});
    await post(a, makeRecords(a.deviceId, 50, 2));
    await post(b, makeRecords(b.deviceId, 40, 1));
    expect(await heads(b)).toEqual({ [a.deviceId]: 51, [b.deviceId]: 40 });
  });
});

describe('GET /v1/stream', () => {
  test("streams { device, head } each time one of the user's logs grows, to every connection", async () => {
    const userId = await makeUser(db());
    const sender = await newDevice(userId);
    const other = await newDevice(userId);
    const senderSecond = await openSse(`${url}/v1/stream`, bearer(sender.token));
    const otherStream = await openSse(`${url}/v1/stream`, bearer(other.token));
    try {
      expect(senderSecond.status).toBe(200);
      expect(senderSecond.headers['content-type']).toMatch(/^text\/event-stream/);
      await post(sender, makeRecords(sender.deviceId, 900, 3));
      for (const stream of [senderSecond, otherStream]) {
        const event = await stream.waitFor((e) => e.event === 'log' && logEvent(e).head === 902);
        expect(logEvent(event)).toEqual({ device: sender.deviceId, head: 902 });
      }
    } finally {
      senderSecond.close();
      otherStream.close();
    }
  });

  test('starts with the current heads, so a reconnecting client catches up', async () => {
    const device = await newDevice();
    await post(device, makeRecords(device.deviceId, 60, 2));
    const stream = await openSse(`${url}/v1/stream`, bearer(device.token));
    try {
      const first = await stream.waitFor((e) => e.event === 'log');
      expect(logEvent(first)).toEqual({ device: device.deviceId, head: 61 });
      expect(stream.events).toHaveLength(1);
    } finally {
      stream.close();
    }
  });

  test('refuses a missing token with a JSON 401, not a stream', async () => {
    const res = await fetch(`${url}/v1/stream`);
    expect(res.status).toBe(401);
    const body = (await res.json()) as { error: { code: string } };
    expect(body.error.code).toBe('unauthorized');
  });
});

describe('errors', () => {
  test('are JSON { error: { code, message } }; 400 names the record index and field', async () => {
    const device = await newDevice();
    const records = makeRecords(device.deviceId, 1, 3) as unknown[];
    records[1] = { device: device.deviceId, t: 2, kind: 'ping', body: { ping: 1, tags: ['a b'] } };
    const res = await post(device, records);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const { error } = res.json();
    expect(error.code).toBe('invalid_record');
    expect(error.index).toBe(1);
    expect(error.path).toBe('records[1].body.tags[0]');
    expect(error.message).toContain('records[1].body.tags[0]');
  });

  test('413 when a batch or a record is too large', async () => {
    const device = await newDevice();
    const big = 'x'.repeat(LIMITS.recordBytes);
    const res = await post(device, [
      { device: device.deviceId, t: 1, kind: 'event', body: { name: 'big', data: big } },
    ]);
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toMatchObject({ code: 'record_too_large', index: 0 });
    const many = await post(device, makeRecords(device.deviceId, 1, LIMITS.batchRecords + 1));
    expect(many.statusCode).toBe(413);
    expect(many.json().error.code).toBe('batch_too_large');
    const huge = await server.app.inject({
      method: 'POST',
      url: '/v1/records',
      headers: { ...bearer(device.token), 'content-type': 'application/json' },
      payload: `{"records":[${' '.repeat(5 * 1024 * 1024)}]}`,
    });
    expect(huge.statusCode).toBe(413);
    expect(huge.json().error.code).toBe('payload_too_large');
    expect(await heads(device)).toEqual({});
  });

  test('429 when a client pairs too often', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await server.app.inject({
        method: 'POST',
        url: '/v1/pair',
        remoteAddress: '10.9.8.7',
        payload: { code: 'ZZZZZZZZ', name: 'x', kind: 'web' },
      });
      statuses.push(res.statusCode);
      if (res.statusCode === 429) expect(res.json().error.code).toBe('rate_limited');
    }
    expect(statuses).toEqual([400, 400, 400, 429, 429]);
  });

  test('bad JSON, unknown routes and wrong media types answer the same JSON shape', async () => {
    const device = await newDevice();
    const cases = [
      await server.app.inject({
        method: 'POST',
        url: '/v1/records',
        headers: { ...bearer(device.token), 'content-type': 'application/json' },
        payload: '{"records": [',
      }),
      await server.app.inject({ method: 'GET', url: '/v1/nothing-here' }),
      await server.app.inject({
        method: 'POST',
        url: '/v1/records',
        headers: { ...bearer(device.token), 'content-type': 'text/plain' },
        payload: 'hello',
      }),
      await pull(device, '?after=not-a-cursor'),
      await pull(device, '?limit=0'),
    ];
    expect(cases.map((res) => res.statusCode)).toEqual([400, 404, 415, 400, 400]);
    for (const res of cases) {
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(Object.keys(res.json())).toEqual(['error']);
      expect(typeof res.json().error.code).toBe('string');
      expect(typeof res.json().error.message).toBe('string');
    }
  });
});
