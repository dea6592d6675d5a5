// GET /v1/devices and PATCH /v1/devices/self: devices show each other by name, and a device
// paired with a token made elsewhere can take the name its user gives it.
import { getDevice, revokeDevice } from '@tagtime/db';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestApp, type TestServer } from './helpers/app.js';
import { bearer, makeDevice, makeUser } from './helpers/fixtures.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestApp();
});
afterAll(async () => {
  await server?.close();
});

const db = () => server.database.handle.db;

test("lists the caller's user's devices by name, revoked ones flagged, no one else's", async () => {
  const userId = await makeUser(db());
  const phone = await makeDevice(db(), userId, 'phone');
  const old = await makeDevice(db(), userId, 'watch');
  await makeDevice(db(), await makeUser(db(), 'other'), 'cli');
  await revokeDevice(db(), old.deviceId);
  const res = await server.app.inject({
    method: 'GET',
    url: '/v1/devices',
    headers: bearer(phone.token),
  });
  expect(res.statusCode).toBe(200);
  expect(res.json()).toEqual({
    devices: [
      { id: phone.deviceId, name: 'test phone', kind: 'phone', revoked: false, self: true },
      { id: old.deviceId, name: 'test watch', kind: 'watch', revoked: true, self: false },
    ],
  });
  const anonymous = await server.app.inject({ method: 'GET', url: '/v1/devices' });
  expect(anonymous.statusCode).toBe(401);
});

test('renames only the calling device, and refuses an empty name', async () => {
  const userId = await makeUser(db());
  const laptop = await makeDevice(db(), userId, 'cli');
  const phone = await makeDevice(db(), userId, 'phone');
  const rename = (name: unknown) =>
    server.app.inject({
      method: 'PATCH',
      url: '/v1/devices/self',
      headers: bearer(laptop.token),
      payload: { name },
    });
  const renamed = await rename('  work laptop ');
  expect(renamed.statusCode).toBe(200);
  expect(renamed.json()).toEqual({
    id: laptop.deviceId,
    name: 'work laptop',
    kind: 'cli',
    revoked: false,
    self: true,
  });
  const bad = await rename('   ');
  expect(bad.statusCode).toBe(400);
  expect(bad.json().error.code).toBe('invalid_input');
  const list = await server.app.inject({
    method: 'GET',
    url: '/v1/devices',
    headers: bearer(phone.token),
  });
  expect(list.json().devices.map((d: { name: string }) => d.name)).toEqual([
    'work laptop',
    'test phone',
  ]);
});

test('a pull carries how many records the device still holds unsent; support reads it as behind', async () => {
  const userId = await makeUser(db());
  const laptop = await makeDevice(db(), userId, 'cli');
  const pull = (query: string) =>
    server.app.inject({
      method: 'GET',
      url: `/v1/records?limit=10${query}`,
      headers: bearer(laptop.token),
    });
  const reported = async () => {
    // The report is written beside the answer, not before it.
    await expect
      .poll(async () => (await getDevice(db(), laptop.deviceId))?.unsentReportedAt ?? null)
      .not.toBeNull();
    return (await getDevice(db(), laptop.deviceId))?.unsentRecords;
  };
  expect((await getDevice(db(), laptop.deviceId))?.unsentRecords).toBeNull();
  expect((await pull('&unsent=7')).statusCode).toBe(200);
  expect(await reported()).toBe(7);
  expect((await pull('&unsent=0')).statusCode).toBe(200);
  await expect.poll(async () => (await getDevice(db(), laptop.deviceId))?.unsentRecords).toBe(0);

  for (const bad of ['-1', '2.5', 'many', '99999999999']) {
    const res = await pull(`&unsent=${bad}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBeTypeOf('string');
  }
  expect((await getDevice(db(), laptop.deviceId))?.unsentRecords).toBe(0);
});
