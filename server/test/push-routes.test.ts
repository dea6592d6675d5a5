// GET, PUT and DELETE /v1/push/subscription: a device registers its browser's push
// subscription, reads it with the server's VAPID public key, removes it; bad input changes
// nothing; one user's device never reads or removes another's; revoking removes it.
import { createECDH, randomBytes } from 'node:crypto';
import { getPushSubscription, revokeDevice } from '@tagtime/db';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import webpush from 'web-push';
import { ConfigError, loadConfig } from '../src/config.js';
import { startTestApp, type TestServer } from './helpers/app.js';
import { bearer, makeDevice, makeUser, type TestDevice } from './helpers/fixtures.js';

const vapid = webpush.generateVAPIDKeys();
const PUSH_HOST = 'push.example';
let server: TestServer;

beforeAll(async () => {
  const defaults = loadConfig({});
  server = await startTestApp({
    push: {
      ...defaults.push,
      vapid: { ...vapid, subject: 'mailto:ops@tagtime.test' },
      serviceHosts: [PUSH_HOST],
    },
  });
});
afterAll(async () => {
  await server?.close();
});

const db = () => server.database.handle.db;

function browserSubscription() {
  return {
    endpoint: `https://fcm.${PUSH_HOST}/push/${randomBytes(12).toString('base64url')}`,
    expirationTime: null,
    keys: {
      p256dh: createECDH('prime256v1').generateKeys().toString('base64url'),
      auth: randomBytes(16).toString('base64url'),
    },
  };
}

const call = (device: TestDevice, method: 'GET' | 'PUT' | 'DELETE', payload?: unknown) =>
  server.app.inject({
    method,
    url: '/v1/push/subscription',
    headers: bearer(device.token),
    ...(payload === undefined ? {} : { payload: payload as object }),
  });

test('a device registers, reads and removes its subscription; the key is the VAPID public key', async () => {
  const device = await makeDevice(db(), await makeUser(db()), 'web');
  const none = await call(device, 'GET');
  expect(none.statusCode).toBe(200);
  expect(none.json()).toEqual({ publicKey: vapid.publicKey, subscribed: false, endpoint: null });

  const subscription = browserSubscription();
  const put = await call(device, 'PUT', subscription);
  expect(put.statusCode, put.body).toBe(200);
  expect(put.json()).toEqual({
    publicKey: vapid.publicKey,
    subscribed: true,
    endpoint: subscription.endpoint,
  });
  expect((await call(device, 'GET')).json()).toMatchObject({ subscribed: true });
  expect(await getPushSubscription(db(), device.deviceId)).toMatchObject({
    endpoint: subscription.endpoint,
    p256dh: subscription.keys.p256dh,
    auth: subscription.keys.auth,
  });

  // Again with a new subscription: still one, the new one.
  const renewed = browserSubscription();
  expect((await call(device, 'PUT', renewed)).json()).toMatchObject({ endpoint: renewed.endpoint });

  const deleted = await call(device, 'DELETE');
  expect(deleted.statusCode).toBe(200);
  expect(deleted.json()).toMatchObject({ subscribed: false, endpoint: null });
  expect(await getPushSubscription(db(), device.deviceId)).toBeUndefined();
  expect((await call(device, 'DELETE')).statusCode).toBe(200);
});

test('bad input is a 400 and changes nothing', async () => {
  const device = await makeDevice(db(), await makeUser(db()), 'web');
  const good = browserSubscription();
  await call(device, 'PUT', good);
  const before = await getPushSubscription(db(), device.deviceId);
  const offCurve = Buffer.alloc(65, 7);
  offCurve[0] = 4;
  const bad: unknown[] = [
    {},
    { ...good, endpoint: 'http://push.example/x' },
    { ...good, endpoint: 'https://169.254.169.254/latest/meta-data' },
    { ...good, endpoint: 'https://127.0.0.1:8787/v1/records' },
    { ...good, endpoint: 'https://push.example.evil.test/x' },
    { ...good, endpoint: 'https://push.example:444/x' },
    { ...good, endpoint: `https://push.example/${'x'.repeat(1100)}` },
    { ...good, keys: { ...good.keys, p256dh: offCurve.toString('base64url') } },
    { ...good, keys: { ...good.keys, p256dh: randomBytes(33).toString('base64url') } },
    { ...good, keys: { ...good.keys, auth: randomBytes(12).toString('base64url') } },
    { ...good, keys: { p256dh: good.keys.p256dh } },
    { ...good, keys: 'none' },
    [good],
  ];
  for (const body of bad) {
    const res = await call(device, 'PUT', body);
    expect(res.statusCode, JSON.stringify(body).slice(0, 120)).toBe(400);
    expect(res.json().error.code).toBe('invalid_input');
  }
  expect(await getPushSubscription(db(), device.deviceId)).toEqual(before);
});

test('any other body is a 400 JSON answer and changes nothing (fast-check)', async () => {
  const device = await makeDevice(db(), await makeUser(db()), 'web');
  const good = browserSubscription();
  await call(device, 'PUT', good);
  const before = await getPushSubscription(db(), device.deviceId);
  await fc.assert(
    fc.asyncProperty(
      fc.oneof(
        fc.anything(),
        fc.record({ endpoint: fc.webUrl(), keys: fc.anything() }),
        fc.record({
          endpoint: fc.oneof(fc.string(), fc.webUrl({ validSchemes: ['https'] })),
          keys: fc.record({ p256dh: fc.base64String(), auth: fc.base64String() }),
        }),
      ),
      async (body) => {
        const res = await server.app.inject({
          method: 'PUT',
          url: '/v1/push/subscription',
          headers: { ...bearer(device.token), 'content-type': 'application/json' },
          payload: JSON.stringify(body) ?? 'null',
        });
        expect(res.statusCode).toBe(400);
        expect(res.json().error.code).toMatch(/^invalid_/);
      },
    ),
    { numRuns: 150 },
  );
  expect(await getPushSubscription(db(), device.deviceId)).toEqual(before);
});

test("one user's device never reads or removes another's; no token, no answer", async () => {
  const mine = await makeDevice(db(), await makeUser(db()), 'web');
  const theirs = await makeDevice(db(), await makeUser(db(), 'other'), 'web');
  const sibling = await makeDevice(db(), mine.userId, 'web');
  const subscription = browserSubscription();
  await call(mine, 'PUT', subscription);
  for (const other of [theirs, sibling]) {
    expect((await call(other, 'GET')).json()).toMatchObject({ subscribed: false, endpoint: null });
    expect((await call(other, 'DELETE')).statusCode).toBe(200);
  }
  expect((await call(mine, 'GET')).json()).toMatchObject({ endpoint: subscription.endpoint });
  const anonymous = await server.app.inject({ method: 'GET', url: '/v1/push/subscription' });
  expect(anonymous.statusCode).toBe(401);
  const put = await server.app.inject({
    method: 'PUT',
    url: '/v1/push/subscription',
    payload: browserSubscription(),
  });
  expect(put.statusCode).toBe(401);
});

test('revoking the device removes its subscription and refuses its token', async () => {
  const device = await makeDevice(db(), await makeUser(db()), 'web');
  await call(device, 'PUT', browserSubscription());
  await revokeDevice(db(), device.deviceId);
  expect(await getPushSubscription(db(), device.deviceId)).toBeUndefined();
  // The token cache keeps a token at most AUTH_CACHE_MS.
  await new Promise((resolve) => setTimeout(resolve, server.config.authCacheMs + 50));
  expect((await call(device, 'PUT', browserSubscription())).statusCode).toBe(401);
  expect(await getPushSubscription(db(), device.deviceId)).toBeUndefined();
});

describe('VAPID configuration', () => {
  test('both keys of one pair, or neither (then the routes answer 503)', () => {
    expect(loadConfig({}).push.vapid).toBeUndefined();
    const keys = { VAPID_PUBLIC_KEY: vapid.publicKey, VAPID_PRIVATE_KEY: vapid.privateKey };
    expect(loadConfig(keys).push.vapid).toMatchObject({ publicKey: vapid.publicKey });
    const other = webpush.generateVAPIDKeys();
    for (const env of [
      { VAPID_PUBLIC_KEY: vapid.publicKey },
      { VAPID_PRIVATE_KEY: vapid.privateKey },
      { ...keys, VAPID_PUBLIC_KEY: other.publicKey },
      { ...keys, VAPID_PRIVATE_KEY: 'short' },
    ]) {
      expect(() => loadConfig(env)).toThrow(ConfigError);
    }
    expect(() => loadConfig({ ...keys, VAPID_SUBJECT: 'ops@example.com' })).toThrow(
      /VAPID_SUBJECT/,
    );
    expect(
      loadConfig({ PUSH_SERVICE_HOSTS: ' Push.Example , b.test:8443 ' }).push.serviceHosts,
    ).toEqual(['push.example', 'b.test:8443']);
  });
});
