// Issue 13, item 4: one token could open streams without limit, and a revoked device kept its
// open stream and went on receiving the user's events. Against the server listening on
// 127.0.0.1 with small caps.
import type { IncomingMessage } from 'node:http';
import { revokeDevice } from '@tagtime/db';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestApp, type TestServer } from '../helpers/app.js';
import { bearer, makeDevice, makeRecords, makeUser, type TestDevice } from '../helpers/fixtures.js';
import { logEvent, openSse, type SseClient } from '../helpers/sse.js';

const PER_TOKEN = 3;
const PER_USER = 5;

let server: TestServer;
let url: string;
const opened: SseClient[] = [];

beforeAll(async () => {
  server = await startTestApp({ streams: { perToken: PER_TOKEN, perUser: PER_USER } });
  url = await server.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  for (const stream of opened) stream.close();
  await server?.close();
});

const db = () => server.database.handle.db;

async function stream(device: TestDevice): Promise<SseClient> {
  const client = await openSse(`${url}/v1/stream`, bearer(device.token));
  opened.push(client);
  expect(client.status).toBe(200);
  return client;
}

/** A stream request that must be refused: its status and error. */
async function refusedStream(device: TestDevice) {
  const res = await fetch(`${url}/v1/stream`, { headers: bearer(device.token) });
  const body = (await res.json()) as { error: { code: string; message: string; limit: number } };
  return { status: res.status, error: body.error };
}

/** The status a stream request gets now (the stream, if it opens, is closed at once). */
async function streamStatus(device: TestDevice): Promise<number> {
  const res = await fetch(`${url}/v1/stream`, { headers: bearer(device.token) });
  await res.body?.cancel();
  return res.status;
}

describe('open streams are capped', () => {
  test(`per token: stream ${PER_TOKEN + 1} is a 429 with the limit; a closed one frees its slot`, async () => {
    const device = await makeDevice(db(), await makeUser(db()));
    const streams = [];
    for (let i = 0; i < PER_TOKEN; i++) streams.push(await stream(device));
    const refused = await refusedStream(device);
    expect(refused.status).toBe(429);
    expect(refused.error).toMatchObject({ code: 'too_many_streams', limit: PER_TOKEN });
    expect(refused.error.message).toContain(`${PER_TOKEN} open streams, the limit`);

    streams[0]?.close();
    await expect.poll(() => streamStatus(device)).toBe(200);
  });

  test(`per user: over all devices, stream ${PER_USER + 1} is a 429`, async () => {
    const userId = await makeUser(db());
    const first = await makeDevice(db(), userId);
    const second = await makeDevice(db(), userId);
    for (let i = 0; i < PER_TOKEN; i++) await stream(first);
    for (let i = PER_TOKEN; i < PER_USER; i++) await stream(second);
    const refused = await refusedStream(second);
    expect(refused.status).toBe(429);
    expect(refused.error).toMatchObject({ code: 'too_many_streams', limit: PER_USER });
    // Another user is not affected.
    await stream(await makeDevice(db(), await makeUser(db())));
  });
});

describe('revoking a device ends its streams', () => {
  test('within the auth cache time, and no event of the user reaches it after', async () => {
    const userId = await makeUser(db());
    const revoked = await makeDevice(db(), userId);
    const other = await makeDevice(db(), userId);
    const revokedStream = await stream(revoked);
    const otherStream = await stream(other);

    await revokeDevice(db(), revoked.deviceId);
    const ended = Date.now();
    await Promise.race([
      revokedStream.ended,
      new Promise((_, fail) =>
        setTimeout(() => fail(new Error('stream still open after 5 s')), 5000),
      ),
    ]);
    // Bounded by the re-check period, which follows the auth cache (≤ 1 s), plus slack.
    expect(Date.now() - ended).toBeLessThan(5000);

    const res = await fetch(`${url}/v1/records`, {
      method: 'POST',
      headers: { ...bearer(other.token), 'content-type': 'application/json' },
      body: JSON.stringify({ records: makeRecords(other.deviceId, 5000, 1) }),
    });
    expect(res.status).toBe(200);
    await otherStream.waitFor((event) => logEvent(event).head === 5000);
    expect(revokedStream.events.some((event) => event.data.includes('5000'))).toBe(false);
    // And it cannot come back (once the auth cache has let go of the token).
    await expect.poll(() => streamStatus(revoked)).toBe(401);
  });
});

describe('an open stream keeps no copy of its credentials', () => {
  test('once started, its request holds neither the bearer token nor any other header', async () => {
    const device = await makeDevice(db(), await makeUser(db()));
    const requests: IncomingMessage[] = [];
    const seen = (req: IncomingMessage) => requests.push(req);
    server.app.server.on('request', seen);
    try {
      const client = await stream(device);
      const held = requests.find((req) => req.url === '/v1/stream');
      expect(held).toBeDefined();
      expect(held?.headers).toEqual({});
      expect(held?.rawHeaders.join('\n')).not.toContain(device.token);
      // Still a working stream, and a revocation still finds and ends it.
      await revokeDevice(db(), device.deviceId);
      await client.ended;
    } finally {
      server.app.server.off('request', seen);
    }
  });
});
