// The web pinger calls the device API from the console's origin (DESIGN.md, "How browsers reach
// the log server"): that origin, and only it, is allowed to read answers; the staff API never is.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { startTestApp, TEST_ADMIN_TOKEN, type TestServer } from './helpers/app.js';
import { bearer, makeDevice, makeUser } from './helpers/fixtures.js';

const CONSOLE = 'https://console.example.test';
let server: TestServer;
beforeAll(async () => {
  server = await startTestApp({ corsOrigins: [CONSOLE] });
});
afterAll(async () => {
  await server?.close();
});

const preflight = (url: string, origin: string) =>
  server.app.inject({
    method: 'OPTIONS',
    url,
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization,content-type',
    },
  });

describe('CORS on the device API', () => {
  test("the console's origin may send a token and read the answer, errors included", async () => {
    const answer = await preflight('/v1/records', CONSOLE);
    expect(answer.statusCode).toBe(204);
    expect(answer.headers['access-control-allow-origin']).toBe(CONSOLE);
    expect(String(answer.headers['access-control-allow-headers'])).toMatch(/authorization/i);
    expect(answer.headers['access-control-allow-credentials']).toBeUndefined();

    const device = await makeDevice(
      server.database.handle.db,
      await makeUser(server.database.handle.db),
      'web',
    );
    const heads = await server.app.inject({
      method: 'GET',
      url: '/v1/heads',
      headers: { ...bearer(device.token), origin: CONSOLE },
    });
    expect(heads.statusCode).toBe(200);
    expect(heads.headers['access-control-allow-origin']).toBe(CONSOLE);
    const refused = await server.app.inject({
      method: 'GET',
      url: '/v1/heads',
      headers: { ...bearer('ttd_not-a-token'), origin: CONSOLE },
    });
    expect(refused.statusCode).toBe(401);
    // A revoked browser must be able to read why it was refused.
    expect(refused.headers['access-control-allow-origin']).toBe(CONSOLE);
    expect(refused.json().error.code).toBeTypeOf('string');
  });

  test('another origin gets no allowing answer', async () => {
    const answer = await preflight('/v1/records', 'https://evil.example.test');
    expect(answer.headers['access-control-allow-origin']).toBeUndefined();
  });

  test('the staff and service APIs allow no browser origin', async () => {
    const admin = await server.app.inject({
      method: 'GET',
      url: '/admin/v1/users',
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, origin: CONSOLE },
    });
    expect(admin.headers['access-control-allow-origin']).toBeUndefined();
    const options = await preflight('/admin/v1/users', CONSOLE);
    expect(options.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('CONSOLE_ORIGIN', () => {
  test('lists origins; a path, a bad URL or none in production are said plainly', () => {
    expect(
      loadConfig({ CONSOLE_ORIGIN: 'https://a.test, http://127.0.0.1:3000/' }).corsOrigins,
    ).toEqual(['https://a.test', 'http://127.0.0.1:3000']);
    expect(() => loadConfig({ CONSOLE_ORIGIN: 'https://a.test/console' })).toThrow(ConfigError);
    expect(() => loadConfig({ CONSOLE_ORIGIN: 'console.test' })).toThrow(/CONSOLE_ORIGIN/);
    expect(loadConfig({}).corsOrigins).toContain('http://127.0.0.1:3000');
    const production = { NODE_ENV: 'production', ADMIN_TOKEN: 'x'.repeat(32) };
    expect(loadConfig(production).corsOrigins).toEqual([]);
  });
});

describe('CORS on the stream', () => {
  test("the stream's hijacked answer carries the allowing headers too", async () => {
    const listening = await startTestApp({ corsOrigins: [CONSOLE] });
    try {
      const url = await listening.app.listen({ port: 0, host: '127.0.0.1' });
      const device = await makeDevice(
        listening.database.handle.db,
        await makeUser(listening.database.handle.db),
        'web',
      );
      const abort = new AbortController();
      const answer = await fetch(`${url}/v1/stream`, {
        headers: { ...bearer(device.token), origin: CONSOLE },
        signal: abort.signal,
      });
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toMatch(/text\/event-stream/);
      expect(answer.headers.get('access-control-allow-origin')).toBe(CONSOLE);
      abort.abort();
    } finally {
      await listening.close();
    }
  });
});
