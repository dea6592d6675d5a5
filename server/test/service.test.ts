// The console's service API: the heads of a person's own logs, with the service credential.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestApp, TEST_ADMIN_TOKEN, type TestServer } from './helpers/app.js';
import { bearer, makeDevice, makeRecords, makeUser, type TestDevice } from './helpers/fixtures.js';

let server: TestServer;
let userId: string;
let watch: TestDevice;

beforeAll(async () => {
  server = await startTestApp();
  const db = server.database.handle.db;
  userId = await makeUser(db, 'service');
  watch = await makeDevice(db, userId, 'watch');
  const res = await server.app.inject({
    method: 'POST',
    url: '/v1/records',
    headers: bearer(watch.token),
    payload: { records: makeRecords(watch.deviceId, 1_700_000_000_000, 3, 1000) },
  });
  expect(res.statusCode).toBe(200);
});
afterAll(async () => {
  await server?.close();
});

const heads = (token: string | undefined, user = userId) =>
  server.app.inject({
    method: 'GET',
    url: `/service/v1/users/${user}/heads`,
    headers: token ? bearer(token) : {},
  });

test('answers the heads of the user’s logs to the console’s credential', async () => {
  const res = await heads(TEST_ADMIN_TOKEN);
  expect(res.statusCode).toBe(200);
  expect(res.json()).toEqual({ heads: { [watch.deviceId]: 1_700_000_002_000 } });
});

test('refuses anyone else, including a device token, with the JSON error shape', async () => {
  for (const token of [undefined, 'wrong', watch.token]) {
    const res = await heads(token);
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('unauthorized');
  }
});

test('a malformed user id is a 400; an unknown user has no logs', async () => {
  expect((await heads(TEST_ADMIN_TOKEN, 'bad id!')).statusCode).toBe(400);
  expect((await heads(TEST_ADMIN_TOKEN, 'usr_nobody')).json()).toEqual({ heads: {} });
});
