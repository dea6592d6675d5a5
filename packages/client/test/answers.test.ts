// Answers that break sync protocol v1 (@tagtime/log/protocol) are a SyncError naming the call
// and the field, never data the client goes on with. A faulty server on a loopback port answers
// every call with what the test script says.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncApi } from '../src/api.js';
import { SyncError } from '../src/errors.js';

let server: Server;
let base: string;
let next: { status: number; body: string } = { status: 200, body: '{}' };

beforeAll(async () => {
  server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(next.status, { 'content-type': 'application/json' });
      response.end(next.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const api = () => new SyncApi(base, 'ttd_token');

async function failure(call: () => Promise<unknown>): Promise<SyncError> {
  const error = await call().then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(SyncError);
  return error as SyncError;
}

describe('a malformed 200 answer is a SyncError naming the call and the field', () => {
  it.each([
    [
      'append result',
      () => api().postRecords([]),
      { accepted: '1', duplicates: 0, head: 5 },
      'POST /v1/records answered a malformed body (accepted: ',
    ],
    [
      'heads',
      () => api().getHeads(),
      { heads: { phone: 'soon' } },
      'GET /v1/heads answered a malformed body (heads.phone: ',
    ],
    [
      'records page',
      () => api().getRecords({}, 10),
      { records: [{ device: 'a b', t: 1, kind: 'ping', body: {} }], cursor: '', more: false },
      'GET /v1/records answered a malformed body (records[0].device: ',
    ],
    [
      'records page cursor',
      () => api().getRecords({}, 10),
      { records: [], cursor: 'not a cursor', more: false },
      'GET /v1/records answered a malformed body (cursor: ',
    ],
    [
      'pair result',
      () => api().pair('CODE', 'phone', 'phone'),
      { device: 'dev_1' },
      'POST /v1/pair answered a malformed body (token: ',
    ],
    [
      'device list',
      () => api().getDevices(),
      { devices: [{ id: 'dev_1', name: 'Wrist', kind: 'toaster', revoked: false, self: true }] },
      'GET /v1/devices answered a malformed body (devices[0].kind: ',
    ],
    [
      'renamed device',
      () => api().renameSelf('Desk'),
      { id: 'dev_1', name: 'Desk', kind: 'cli', revoked: false },
      'PATCH /v1/devices/self answered a malformed body (self: ',
    ],
  ])('%s', async (_name, call, body, message) => {
    next = { status: 200, body: JSON.stringify(body) };
    const error = await failure(call);
    expect(error.message.startsWith(message), error.message).toBe(true);
    expect(error).toMatchObject({ code: 'bad_response', status: 0 });
  });

  it('a 200 that is not JSON at all', async () => {
    next = { status: 200, body: '<html>proxy error</html>' };
    const error = await failure(() => api().getHeads());
    expect(error.message).toBe('GET /v1/heads answered 200 without a JSON object');
  });
});

describe('error answers', () => {
  it('in the protocol shape carry its code and message', async () => {
    next = {
      status: 409,
      body: JSON.stringify({
        error: { code: 'conflict', message: 'records[0]: a different record' },
      }),
    };
    const error = await failure(() => api().postRecords([]));
    expect(error).toMatchObject({ status: 409, code: 'conflict' });
    expect(error.message).toBe('POST /v1/records failed (409): records[0]: a different record');
  });

  it('in any other shape keep the status and the text', async () => {
    next = { status: 502, body: 'Bad Gateway' };
    const error = await failure(() => api().getHeads());
    expect(error).toMatchObject({ status: 502, code: 'http_502' });
    expect(error.message).toBe('GET /v1/heads failed (502): Bad Gateway');
  });
});
