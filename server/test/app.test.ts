// The app's own surface: health, the OpenAPI document, heartbeats, and closing with open streams.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestApp, type TestServer } from './helpers/app.js';
import { bearer, makeDevice, makeUser } from './helpers/fixtures.js';
import { openSse } from './helpers/sse.js';

let server: TestServer;
let url: string;
beforeAll(async () => {
  server = await startTestApp({ heartbeatMs: 50 });
  url = await server.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await server?.close();
});

test('GET /healthz answers ok', async () => {
  const res = await server.app.inject({ method: 'GET', url: '/healthz' });
  expect(res.statusCode).toBe(200);
  expect(res.json()).toEqual({ ok: true, database: 'up', streams: 0 });
});

test('the OpenAPI document covers every route with its schemas', async () => {
  const res = await server.app.inject({ method: 'GET', url: '/openapi.json' });
  expect(res.statusCode).toBe(200);
  const doc = res.json();
  expect(doc.openapi).toMatch(/^3\./);
  expect(Object.keys(doc.paths).sort()).toEqual([
    '/admin/v1/search',
    '/admin/v1/users/{userId}/export',
    '/admin/v1/users/{userId}/facets',
    '/admin/v1/users/{userId}/histogram',
    '/admin/v1/users/{userId}/pings',
    '/admin/v1/users/{userId}/records',
    '/admin/v1/users/{userId}/records/{device}/{t}/context',
    '/admin/v1/users/{userId}/stats',
    '/admin/v1/users/{userId}/stream',
    '/healthz',
    '/service/v1/users/{userId}/heads',
    '/v1/devices',
    '/v1/devices/self',
    '/v1/heads',
    '/v1/pair',
    '/v1/push/subscription',
    '/v1/records',
    '/v1/stream',
    '/v1/view',
    '/v1/view/tags',
  ]);
  const append = doc.paths['/v1/records'].post;
  expect(append.requestBody.content['application/json'].schema.properties.records.type).toBe(
    'array',
  );
  expect(Object.keys(append.responses)).toEqual(
    expect.arrayContaining(['200', '400', '401', '403', '409', '413', '429']),
  );
  const pull = doc.paths['/v1/records'].get;
  expect(pull.parameters.map((p: { name: string }) => p.name).sort()).toEqual([
    'after',
    'limit',
    'unsent',
  ]);
});

test('streams carry heartbeats and are ended when the server closes', async () => {
  const device = await makeDevice(
    server.database.handle.db,
    await makeUser(server.database.handle.db),
  );
  const stream = await openSse(`${url}/v1/stream`, bearer(device.token));
  await stream.waitForComment();
  expect(stream.comments[0]).toBe('heartbeat');
  const health = await server.app.inject({ method: 'GET', url: '/healthz' });
  expect(health.json().streams).toBe(1);
  // Closing must not wait for the client to hang up.
  server.app.streams.closeAll();
  await stream.ended;
});
