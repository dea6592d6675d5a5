// Issue 13, item 1: record times that passed validation and broke a log. `t: -0` was answered
// 200, stored under a non-numeric LMDB key outside the log's range (never pulled), blocked
// `t: 0` with a 409 and made `verify` fail; `t: 2^53 - 1` ended the log's growth for good.
// Replayed over real HTTP against the server listening on 127.0.0.1.
import { MAX_FUTURE_MS } from '@tagtime/log';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestApp, type TestServer } from '../helpers/app.js';
import { bearer, makeDevice, makeUser, type TestDevice } from '../helpers/fixtures.js';

let server: TestServer;
let url: string;

beforeAll(async () => {
  server = await startTestApp();
  url = await server.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await server?.close();
});

async function newDevice(): Promise<TestDevice> {
  const db = server.database.handle.db;
  return makeDevice(db, await makeUser(db));
}

/** Posts a body as raw text: `JSON.stringify` would write -0 as 0, the attack needs the text. */
async function postRaw(device: TestDevice, body: string) {
  const res = await fetch(`${url}/v1/records`, {
    method: 'POST',
    headers: { ...bearer(device.token), 'content-type': 'application/json' },
    body,
  });
  return { status: res.status, body: (await res.json()) as { error?: { path?: string } } };
}

const event = (device: string, t: string) =>
  `{"device":"${device}","t":${t},"kind":"event","body":{"name":"x"}}`;

async function expectUntouched(device: TestDevice): Promise<void> {
  expect(await server.app.store.heads(device.userId)).toEqual({});
  expect((await server.app.store.verify()).ok).toBe(true);
}

describe('record times are refused at the edge when they would break a log', () => {
  test('t: -0 is a 400 naming records[0].t; nothing is stored and t: 0 still appends', async () => {
    const device = await newDevice();
    const attack = await postRaw(device, `{"records":[${event(device.deviceId, '-0')}]}`);
    expect(attack.status).toBe(400);
    expect(attack.body.error).toMatchObject({ code: 'invalid_record', path: 'records[0].t' });
    await expectUntouched(device);

    const zero = await postRaw(device, `{"records":[${event(device.deviceId, '0')}]}`);
    expect(zero.status).toBe(200);
    const pulled = await fetch(`${url}/v1/records`, { headers: bearer(device.token) });
    expect(((await pulled.json()) as { records: unknown[] }).records).toHaveLength(1);
    expect((await server.app.store.verify()).ok).toBe(true);
  });

  test('a t from the far future is a 400 that states the bound; the log still grows', async () => {
    const device = await newDevice();
    const far = await postRaw(
      device,
      `{"records":[${event(device.deviceId, String(Number.MAX_SAFE_INTEGER))}]}`,
    );
    expect(far.status).toBe(400);
    expect(far.body.error).toMatchObject({ code: 'invalid_record', path: 'records[0].t' });
    expect(JSON.stringify(far.body)).toMatch(/more than 24 hours after now/);
    await expectUntouched(device);

    // Just past the bound is refused, just inside it is stored (the server's clock moves on
    // between the two requests, so "inside" leaves a minute of room).
    const justPast = Date.now() + MAX_FUTURE_MS + 60_000;
    expect(
      (await postRaw(device, `{"records":[${event(device.deviceId, String(justPast))}]}`)).status,
    ).toBe(400);
    const inside = Date.now() + MAX_FUTURE_MS - 60_000;
    expect(
      (await postRaw(device, `{"records":[${event(device.deviceId, String(inside))}]}`)).status,
    ).toBe(200);
    expect(await server.app.store.heads(device.userId)).toEqual({ [device.deviceId]: inside });
  });
});
