// A CONNECT got its socket closed with no answer at all, and `Expect: nonsense` a bare 417 of
// Node's own: both are requests Node's HTTP server handles without Fastify. Each must be
// answered in the error shape, like every other refusal. Raw bytes over TCP to 127.0.0.1.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestApp, type TestServer } from '../helpers/app.js';
import { makeDevice, makeRecords, makeUser, type TestDevice } from '../helpers/fixtures.js';
import { parseAnswer, rawExchange } from '../helpers/raw-http.js';

let server: TestServer;
let url: string;
let device: TestDevice;

beforeAll(async () => {
  server = await startTestApp();
  url = await server.app.listen({ port: 0, host: '127.0.0.1' });
  const db = server.database.handle.db;
  device = await makeDevice(db, await makeUser(db));
});
afterAll(async () => {
  await server?.close();
});

/** Sends raw bytes; the one answer must be `status` in the error shape with `code`. */
async function expectErrorAnswer(request: string, status: number, code: string) {
  const { text, closed } = await rawExchange(url, request, 5000);
  expect(text, 'an answer, not a silently closed socket').not.toBe('');
  const answer = parseAnswer(text);
  expect(answer.status, text).toBe(status);
  expect(answer.headers['content-type'], text).toMatch(/^application\/json/);
  const body = JSON.parse(answer.body) as { error: { code: string; message: string } };
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error.code).toBe(code);
  expect(body.error.message).toEqual(expect.any(String));
  expect(closed).toBe(true);
}

describe('requests Node answers without Fastify have the error shape', () => {
  test('CONNECT is a 405 in the error shape, not a closed socket', async () => {
    await expectErrorAnswer(
      'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n',
      405,
      'method_not_allowed',
    );
  });

  test('Expect: nonsense is a 417 in the error shape, and stores nothing', async () => {
    const body = JSON.stringify({ records: makeRecords(device.deviceId, 1000, 2) });
    await expectErrorAnswer(
      `POST /v1/records HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${device.token}\r\n` +
        `Content-Type: application/json\r\nExpect: nonsense\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      417,
      'expectation_failed',
    );
    expect(await server.app.store.heads(device.userId)).toEqual({});
  });

  test('Expect: 100-continue still works', async () => {
    const body = JSON.stringify({ records: makeRecords(device.deviceId, 5000, 2) });
    const { text } = await rawExchange(
      url,
      `POST /v1/records HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${device.token}\r\n` +
        `Content-Type: application/json\r\nExpect: 100-continue\r\nConnection: close\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      5000,
    );
    const final = text.slice(text.lastIndexOf('HTTP/1.1 '));
    expect(parseAnswer(final).status, text).toBe(200);
  });
});
