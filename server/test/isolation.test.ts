// One user's token can never read, write or stream another user's logs.
import type { LogRecord } from '@tagtime/log';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestApp, type TestServer } from './helpers/app.js';
import { bearer, makeDevice, makeRecords, makeUser, type TestDevice } from './helpers/fixtures.js';
import { logEvent, openSse } from './helpers/sse.js';

let server: TestServer;
let url: string;
let alice: TestDevice;
let bob: TestDevice;

beforeAll(async () => {
  server = await startTestApp();
  url = await server.app.listen({ port: 0, host: '127.0.0.1' });
  const db = server.database.handle.db;
  alice = await makeDevice(db, await makeUser(db, 'alice'));
  bob = await makeDevice(db, await makeUser(db, 'bob'));
  for (const device of [alice, bob]) {
    const res = await server.app.inject({
      method: 'POST',
      url: '/v1/records',
      headers: bearer(device.token),
      payload: { records: makeRecords(device.deviceId, 100, 5) },
    });
    expect(res.statusCode).toBe(200);
  }
});
afterAll(async () => {
  await server?.close();
});

test("a pull returns only the caller's own user's records, even when the cursor names other logs", async () => {
  const res = await server.app.inject({
    method: 'GET',
    url: `/v1/records?after=${bob.deviceId}:0`,
    headers: bearer(alice.token),
  });
  const records = res.json().records as LogRecord[];
  expect(records).toHaveLength(5);
  expect(records.every((record) => record.device === alice.deviceId)).toBe(true);
});

test("heads name only the caller's own user's logs", async () => {
  const res = await server.app.inject({
    method: 'GET',
    url: '/v1/heads',
    headers: bearer(alice.token),
  });
  expect(res.json()).toEqual({ heads: { [alice.deviceId]: 104 } });
});

test("writing into another user's device log is refused and stores nothing", async () => {
  const res = await server.app.inject({
    method: 'POST',
    url: '/v1/records',
    headers: bearer(alice.token),
    payload: { records: makeRecords(bob.deviceId, 500, 1) },
  });
  expect(res.statusCode).toBe(403);
  expect(await server.app.store.heads(bob.userId)).toEqual({ [bob.deviceId]: 104 });
  expect(await server.app.store.heads(alice.userId)).toEqual({ [alice.deviceId]: 104 });
});

test("a stream carries only the caller's own user's log events", async () => {
  const aliceStream = await openSse(`${url}/v1/stream`, bearer(alice.token));
  try {
    await aliceStream.waitFor((event) => event.event === 'log');
    const res = await server.app.inject({
      method: 'POST',
      url: '/v1/records',
      headers: bearer(bob.token),
      payload: { records: makeRecords(bob.deviceId, 600, 1) },
    });
    expect(res.statusCode).toBe(200);
    // Then one of Alice's own, which must arrive; Bob's must not have arrived before it.
    await server.app.inject({
      method: 'POST',
      url: '/v1/records',
      headers: bearer(alice.token),
      payload: { records: makeRecords(alice.deviceId, 700, 1) },
    });
    await aliceStream.waitFor((event) => logEvent(event).head === 700);
    expect(aliceStream.events.map((event) => logEvent(event).device)).toEqual([
      alice.deviceId,
      alice.deviceId,
    ]);
  } finally {
    aliceStream.close();
  }
});

test('the admin credential is no device token, and a device token is no admin credential', async () => {
  const asDevice = await server.app.inject({
    method: 'GET',
    url: `/admin/v1/users/${bob.userId}/records`,
    headers: bearer(alice.token),
  });
  expect(asDevice.statusCode).toBe(401);
  const asAdmin = await server.app.inject({
    method: 'GET',
    url: '/v1/records',
    headers: bearer(server.config.adminToken),
  });
  expect(asAdmin.statusCode).toBe(401);
});
