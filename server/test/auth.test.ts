// Device tokens: the cache, revocation, last-seen bookkeeping and the per-token rate limit.
import { getDevice, revokeDevice } from '@tagtime/db';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { dbDeviceDirectory } from '../src/auth/db-directory.js';
import { DeviceAuthenticator, type DeviceDirectory } from '../src/auth/device-auth.js';
import { startTestApp, type TestServer } from './helpers/app.js';
import { bearer, makeDevice, makeUser } from './helpers/fixtures.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestApp({ rateLimit: { perToken: 5, pairPerIp: 10 } });
});
afterAll(async () => {
  await server?.close();
});

const db = () => server.database.handle.db;

/** The real database directory, counting the lookups that reach MariaDB. */
function countingDirectory() {
  const real = dbDeviceDirectory(db());
  const counts = { lookups: 0 };
  const directory: DeviceDirectory = {
    lookup: (token) => {
      counts.lookups += 1;
      return real.lookup(token);
    },
    touch: real.touch,
    reportUnsent: real.reportUnsent,
    active: real.active,
  };
  return { directory, counts };
}

test('the cache answers repeated and concurrent checks with one lookup per TTL', async () => {
  const device = await makeDevice(db(), await makeUser(db()));
  const { directory, counts } = countingDirectory();
  let now = 1_000_000;
  const auth = new DeviceAuthenticator(
    directory,
    500,
    (error) => {
      throw error;
    },
    () => now,
  );
  const results = await Promise.all(
    Array.from({ length: 10 }, () => auth.authenticate(device.token)),
  );
  expect(results.every((identity) => identity?.deviceId === device.deviceId)).toBe(true);
  expect(counts.lookups).toBe(1);
  now += 499;
  await auth.authenticate(device.token);
  expect(counts.lookups).toBe(1);
  now += 2;
  await auth.authenticate(device.token);
  expect(counts.lookups).toBe(2);
});

test('a revoked token is refused once its cache entry expires (TTL ≤ 1 s)', async () => {
  const device = await makeDevice(db(), await makeUser(db()));
  const { directory } = countingDirectory();
  let now = 5_000_000;
  const auth = new DeviceAuthenticator(
    directory,
    1000,
    () => {},
    () => now,
  );
  expect(await auth.authenticate(device.token)).toBeDefined();
  await revokeDevice(db(), device.deviceId);
  now += 1001;
  expect(await auth.authenticate(device.token)).toBeUndefined();
  expect(server.config.authCacheMs).toBeLessThanOrEqual(1000);
});

test("an authenticated request updates the device's last-seen time", async () => {
  const device = await makeDevice(db(), await makeUser(db()));
  expect((await getDevice(db(), device.deviceId))?.lastSeenAt).toBeNull();
  const res = await server.app.inject({
    method: 'GET',
    url: '/v1/heads',
    headers: bearer(device.token),
  });
  expect(res.statusCode).toBe(200);
  for (let i = 0; i < 50; i++) {
    if ((await getDevice(db(), device.deviceId))?.lastSeenAt) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  expect((await getDevice(db(), device.deviceId))?.lastSeenAt).toBeInstanceOf(Date);
});

test('each token has its own rate limit; past it, 429 with the JSON error shape', async () => {
  const userId = await makeUser(db());
  const busy = await makeDevice(db(), userId);
  const calm = await makeDevice(db(), userId);
  const statuses: number[] = [];
  for (let i = 0; i < 7; i++) {
    const res = await server.app.inject({
      method: 'GET',
      url: '/v1/heads',
      headers: bearer(busy.token),
    });
    statuses.push(res.statusCode);
    if (res.statusCode === 429) {
      expect(res.json().error.code).toBe('rate_limited');
      expect(res.headers['retry-after']).toBeDefined();
    }
  }
  expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
  const other = await server.app.inject({
    method: 'GET',
    url: '/v1/heads',
    headers: bearer(calm.token),
  });
  expect(other.statusCode).toBe(200);
});
