// Issue 13, item 3: one device froze the event loop. The append route read 4 MiB bodies though
// a batch is at most 1 MiB, and a body nested 1.5M deep cost about half a second of JSON.parse;
// four in flight made another user's `GET /v1/heads` wait over a second. Now the route reads
// little more than a batch, and deep nesting is refused before parsing. Real HTTP on 127.0.0.1.
import { LIMITS } from '@tagtime/log';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MAX_JSON_DEPTH } from '../../src/edge/json-body.js';
import { startTestApp, type TestServer } from '../helpers/app.js';
import { bearer, makeDevice, makeUser, type TestDevice } from '../helpers/fixtures.js';
import { parseAnswer, rawExchange } from '../helpers/raw-http.js';

let server: TestServer;
let url: string;
let attacker: TestDevice;
let bystander: TestDevice;

beforeAll(async () => {
  server = await startTestApp();
  url = await server.app.listen({ port: 0, host: '127.0.0.1' });
  const db = server.database.handle.db;
  attacker = await makeDevice(db, await makeUser(db, 'attacker'));
  bystander = await makeDevice(db, await makeUser(db, 'bystander'));
});
afterAll(async () => {
  await server?.close();
});

/** `{"records":[[[[…]]]]}`: `depth` arrays deep, as the attack sent. */
function nested(depth: number): string {
  return `{"records":${'['.repeat(depth)}${']'.repeat(depth)}}`;
}

async function appendRaw(body: string) {
  const res = await fetch(`${url}/v1/records`, {
    method: 'POST',
    headers: { ...bearer(attacker.token), 'content-type': 'application/json' },
    body,
  });
  return {
    status: res.status,
    body: (await res.json()) as { error: { code: string; message: string } },
  };
}

async function expectNothingStored(): Promise<void> {
  expect(await server.app.store.heads(attacker.userId)).toEqual({});
  expect((await server.app.store.verify()).ok).toBe(true);
}

describe('the append route reads a batch, not more', () => {
  test('a 3 MB body (1.5M deep) is a 413 before it is parsed', async () => {
    const answer = await appendRaw(nested(1_500_000));
    expect(answer.status).toBe(413);
    expect(answer.body.error.code).toBe('payload_too_large');
    await expectNothingStored();
  });

  test('the same body sent chunked, with no Content-Length, is cut off at the limit', async () => {
    const body = nested(1_500_000);
    const { text } = await rawExchange(
      url,
      `POST /v1/records HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${attacker.token}\r\n` +
        `Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n` +
        `${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`,
    );
    const answer = parseAnswer(text);
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).error.code).toBe('payload_too_large');
    await expectNothingStored();
  });

  test('a full batch of the largest allowed size still appends', async () => {
    // 5000 records of 1 MiB together, to the byte the batch limit allows.
    const event = (t: number, name: string) => ({
      device: bystander.deviceId,
      t,
      kind: 'event' as const,
      body: { name },
    });
    const each =
      Math.floor((LIMITS.batchBytes - '{"records":[]}'.length) / LIMITS.batchRecords) - 1;
    const base = JSON.stringify(event(1_000_000, '')).length;
    const records = Array.from({ length: LIMITS.batchRecords }, (_, i) =>
      event(1_000_000 + i, 'x'.repeat(each - base)),
    );
    const body = JSON.stringify({ records });
    expect(body.length).toBeGreaterThan(LIMITS.batchBytes - LIMITS.batchRecords);
    expect(body.length).toBeLessThanOrEqual(LIMITS.batchBytes);
    const res = await fetch(`${url}/v1/records`, {
      method: 'POST',
      headers: { ...bearer(bystander.token), 'content-type': 'application/json' },
      body,
    });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(((await res.json()) as { accepted: number }).accepted).toBe(LIMITS.batchRecords);
  });
});

describe('deep nesting is refused before JSON.parse', () => {
  test(`a body nested deeper than ${MAX_JSON_DEPTH} levels is a 400 saying so`, async () => {
    const answer = await appendRaw(nested(MAX_JSON_DEPTH + 1));
    expect(answer.status).toBe(400);
    expect(answer.body.error).toEqual({
      code: 'invalid_json',
      message: `The body nests deeper than ${MAX_JSON_DEPTH} levels.`,
    });
    // Brackets inside strings are text, not nesting.
    const inString = await appendRaw(`{"records":[],"x":"${'['.repeat(10_000)}"}`);
    expect(inString.body.error.code).toBe('invalid_record');
    await expectNothingStored();
  });

  test("another user's heads are answered while deep bodies pour in", async () => {
    // Half a million levels: under the body limit, the worst nesting that gets through it.
    const attack = nested(500_000);
    expect(attack.length).toBeLessThan(LIMITS.batchBytes);
    const attacks = Array.from({ length: 6 }, () => appendRaw(attack));
    const started = Date.now();
    const heads = await fetch(`${url}/v1/heads`, { headers: bearer(bystander.token) });
    const waited = Date.now() - started;
    expect(heads.status).toBe(200);
    // A generous bound, not a speed figure: before the fix this waited for several
    // half-second parses; now nothing the attack sends is parsed at all.
    expect(waited).toBeLessThan(5000);
    for (const answer of await Promise.all(attacks)) {
      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe('invalid_json');
    }
    await expectNothingStored();
  });
});
