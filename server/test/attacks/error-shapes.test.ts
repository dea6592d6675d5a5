// Issue 13, item 6: answers made before our error handler ran (Node's HTTP parser, Fastify's
// router and its shutdown path) used Fastify's `{ error: "Bad Request", statusCode }`; a
// non-UTF-8 charset or a Content-Encoding the server does not decode was parsed anyway. Every
// answer must be `{ error: { code, message } }`, and none of these requests may change anything.
// Raw bytes over TCP to the server listening on 127.0.0.1.
import { gzipSync } from 'node:zlib';
import * as schema from '@tagtime/db/schema';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestApp, type TestServer } from '../helpers/app.js';
import { bearer, makeDevice, makeRecords, makeUser, type TestDevice } from '../helpers/fixtures.js';
import { parseAnswer, rawExchange } from '../helpers/raw-http.js';

let server: TestServer;
let url: string;
let device: TestDevice;
let before: unknown;

beforeAll(async () => {
  server = await startTestApp({ rateLimit: { perToken: 10_000, pairPerIp: 10_000 } });
  url = await server.app.listen({ port: 0, host: '127.0.0.1' });
  const db = server.database.handle.db;
  device = await makeDevice(db, await makeUser(db));
  const res = await fetch(`${url}/v1/records`, {
    method: 'POST',
    headers: { ...bearer(device.token), 'content-type': 'application/json' },
    body: JSON.stringify({ records: makeRecords(device.deviceId, 1000, 3) }),
  });
  expect(res.status).toBe(200);
  before = await snapshot();
});
afterAll(async () => {
  expect(await snapshot()).toEqual(before);
  await server?.close();
});

async function snapshot() {
  const verify = await server.app.store.verify();
  const devices = await server.database.handle.db.select().from(schema.devices);
  return { verify, heads: await server.app.store.heads(device.userId), devices: devices.length };
}

/** Sends raw bytes and expects one answer of `status` in the error shape, with `code`. */
async function expectErrorAnswer(request: string | Buffer, status: number, code: string) {
  const { text } = await rawExchange(url, request);
  const answer = parseAnswer(text);
  const context = text.slice(0, 400);
  expect(answer.status, context).toBe(status);
  expect(answer.headers['content-type'], context).toMatch(/^application\/json/);
  const body = JSON.parse(answer.body) as { error: { code: string; message: string } };
  expect(Object.keys(body), context).toEqual(['error']);
  expect(body.error.code, context).toBe(code);
  expect(body.error.message, context).toEqual(expect.any(String));
  return body.error;
}

const token = () => `Authorization: Bearer ${device.token}\r\n`;

describe('what Node and Fastify refuse before our handlers still has the error shape', () => {
  test('an unknown method', async () => {
    await expectErrorAnswer(
      `FROB /v1/heads HTTP/1.1\r\nHost: x\r\n\r\n`,
      405,
      'method_not_allowed',
    );
  });

  test('a known method on no route is a 404', async () => {
    await expectErrorAnswer(
      `PATCH /v1/heads HTTP/1.1\r\nHost: x\r\nConnection: close\r\n${token()}\r\n`,
      404,
      'not_found',
    );
  });

  test.each([
    ['a bad chunk size', 'Transfer-Encoding: chunked\r\n\r\nzz\r\n'],
    [
      'Content-Length and Transfer-Encoding together',
      'Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n{}',
    ],
    ['two Content-Lengths', 'Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}'],
  ])('bad framing: %s', async (_name, rest) => {
    await expectErrorAnswer(
      `POST /v1/pair HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n${rest}`,
      400,
      'malformed_request',
    );
  });

  test('a request line that is not HTTP/1.1', async () => {
    await expectErrorAnswer(`GET /v1/heads HTTP/9.9\r\nHost: x\r\n\r\n`, 400, 'malformed_request');
  });

  test('headers over the size limit: 431', async () => {
    await expectErrorAnswer(
      `GET /v1/heads HTTP/1.1\r\nHost: x\r\nX-Filler: ${'a'.repeat(20_000)}\r\n\r\n`,
      431,
      'headers_too_large',
    );
  });

  test('a path parameter over the router limit: 414', async () => {
    await expectErrorAnswer(
      `GET /admin/v1/users/${'u'.repeat(300)}/records HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
      414,
      'uri_too_long',
    );
  });

  test('a bad %-escape in the path', async () => {
    await expectErrorAnswer(
      `GET /v1/%E0%A4%A HTTP/1.1\r\nHost: x\r\nConnection: close\r\n${token()}\r\n`,
      400,
      'invalid_input',
    );
  });
});

describe('bodies the server would mangle are refused', () => {
  const pairBody = JSON.stringify({ code: 'ABCD-1234', name: 'é phone', kind: 'phone' });
  const post = (headers: string, body: string | Buffer) => {
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    return Buffer.concat([
      Buffer.from(
        `POST /v1/pair HTTP/1.1\r\nHost: x\r\nConnection: close\r\n${headers}Content-Length: ${bytes.length}\r\n\r\n`,
      ),
      bytes,
    ]);
  };

  test.each(['latin1', 'ISO-8859-1', 'utf-16', '"windows-1252"'])(
    'charset=%s is a 415',
    async (charset) => {
      const latin1 = Buffer.from(pairBody, 'latin1');
      const error = await expectErrorAnswer(
        post(`Content-Type: application/json; charset=${charset}\r\n`, latin1),
        415,
        'unsupported_media_type',
      );
      expect(error.message).toMatch(/UTF-8/);
    },
  );

  test('charset=utf-8 (any case) is fine: the pairing code is checked', async () => {
    await expectErrorAnswer(
      post('Content-Type: application/json; charset=UTF-8\r\n', pairBody),
      400,
      'pairing_code_invalid',
    );
  });

  test.each(['gzip', 'deflate', 'br', 'x-custom'])(
    'Content-Encoding: %s is a 415, not a body parsed as if it were plain',
    async (encoding) => {
      await expectErrorAnswer(
        post(
          `Content-Type: application/json\r\nContent-Encoding: ${encoding}\r\n`,
          gzipSync(pairBody),
        ),
        415,
        'unsupported_media_type',
      );
    },
  );

  test('bytes that are not UTF-8 are a 400, not replacement characters', async () => {
    const bad = Buffer.concat([
      Buffer.from('{"code":"'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('","name":"a","kind":"phone"}'),
    ]);
    const error = await expectErrorAnswer(
      post('Content-Type: application/json\r\n', bad),
      400,
      'invalid_json',
    );
    expect(error.message).toMatch(/UTF-8/);
  });
});
