// Issue 13, item 7: a flood of unknown device tokens reached MariaDB once per request, without
// limit; during a database outage `/v1/pair` and the admin API answered 500 and `/healthz` said
// ok. Against the server listening on 127.0.0.1; the outage is real for the server — its
// MariaDB connections run through a TCP proxy the test cuts (the shared MariaDB stays up).
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import * as schema from '@tagtime/db/schema';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import type { DeviceDirectory } from '../../src/auth/device-auth.js';
import { REASON_HEADER, SESSION_HEADER, STAFF_HEADER } from '../../src/plugins/app/admin-auth.js';
import { startTestApp, TEST_ADMIN_TOKEN, type TestServer } from '../helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { bearer, makeStaff, makeUser, staffSession } from '../helpers/fixtures.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';

const UNKNOWN_PER_IP = 10;

/** GET from a chosen loopback address (fetch cannot pick one). */
function getFrom(localAddress: string, url: string, headers: Record<string, string>) {
  return new Promise<{ status: number; body: { error?: { code: string; message: string } } }>(
    (resolve, reject) => {
      const req = request(url, { headers, localAddress }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
      });
      req.on('error', reject);
      req.end();
    },
  );
}

const someToken = () => `ttd_${randomBytes(32).toString('base64url')}`;

describe('unknown-token floods are throttled by address before the lookup', () => {
  let server: TestServer;
  let url: string;
  beforeAll(async () => {
    server = await startTestApp({ rateLimit: { unknownTokensPerIp: UNKNOWN_PER_IP } });
    url = await server.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await server?.close();
  });

  test(`after ${UNKNOWN_PER_IP} unknown tokens an address gets 429 and no lookup is made`, async () => {
    const directory = (server.app.deviceAuth as unknown as { directory: DeviceDirectory })
      .directory;
    const lookups = vi.spyOn(directory, 'lookup');
    const statuses: number[] = [];
    for (let i = 0; i < UNKNOWN_PER_IP * 4; i++) {
      statuses.push((await getFrom('127.0.0.1', `${url}/v1/heads`, bearer(someToken()))).status);
    }
    expect(statuses.slice(0, UNKNOWN_PER_IP)).toEqual(Array(UNKNOWN_PER_IP).fill(401));
    expect(statuses.slice(UNKNOWN_PER_IP)).toEqual(Array(UNKNOWN_PER_IP * 3).fill(429));
    expect(lookups).toHaveBeenCalledTimes(UNKNOWN_PER_IP);

    const refused = await getFrom('127.0.0.1', `${url}/v1/records`, bearer(someToken()));
    expect(refused.body.error).toMatchObject({ code: 'rate_limited' });
    expect(refused.body.error?.message).toMatch(
      /^Too many unknown device tokens from this address; retry in \d+ s\.$/,
    );
    // Another address is not held back by this one.
    expect((await getFrom('127.0.0.2', `${url}/v1/heads`, bearer(someToken()))).status).toBe(401);
    lookups.mockRestore();
  });
});

describe('while MariaDB is out of reach', () => {
  let database: TestDatabase;
  let proxy: TcpProxy;
  let server: TestServer;
  let url: string;
  let staffId: string;
  let userId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    const real = new URL(database.url);
    proxy = await startTcpProxy({ host: real.hostname, port: Number(real.port || 3306) });
    const viaProxy = new URL(database.url);
    viaProxy.port = String(proxy.port);
    server = await startTestApp({ databaseUrl: viaProxy.toString() }, { database });
    url = await server.app.listen({ port: 0, host: '127.0.0.1' });
    staffId = await makeStaff(database.handle.db);
    userId = await makeUser(database.handle.db);
  });
  afterAll(async () => {
    await server?.close();
    await proxy?.close();
  });

  const pair = () =>
    fetch(`${url}/v1/pair`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: 'ABCD-2345', name: 'phone', kind: 'phone' }),
    });
  const adminRecords = () =>
    fetch(`${url}/admin/v1/users/${userId}/records`, {
      headers: {
        ...bearer(TEST_ADMIN_TOKEN),
        [STAFF_HEADER]: staffId,
        [SESSION_HEADER]: staffSession(staffId),
        [REASON_HEADER]: 'outage test',
      },
    });

  test('/healthz says 503 database down, pairing and the admin API 503; all come back after', async () => {
    const healthy = await fetch(`${url}/healthz`);
    expect(healthy.status).toBe(200);
    expect(await healthy.json()).toMatchObject({ ok: true, database: 'up' });
    expect((await pair()).status).toBe(400); // a wrong code, answered by the database
    expect((await adminRecords()).status).toBe(200);
    const devicesBefore = (await database.handle.db.select().from(schema.devices)).length;

    await proxy.cut();
    try {
      // The health answer is cached for a second: wait for a fresh one.
      await expect
        .poll(async () => (await fetch(`${url}/healthz`)).status, { timeout: 10_000 })
        .toBe(503);
      const health = (await (await fetch(`${url}/healthz`)).json()) as {
        error: Record<string, unknown>;
      };
      expect(health.error).toMatchObject({ code: 'unavailable', database: 'down' });

      for (const [name, call] of [
        ['pair', pair],
        ['admin', adminRecords],
        ['device', () => fetch(`${url}/v1/heads`, { headers: bearer(someToken()) })],
      ] as const) {
        const res = await call();
        const body = (await res.json()) as { error: { code: string; message: string } };
        expect([name, res.status]).toEqual([name, 503]);
        expect(body.error.code).toBe('unavailable');
      }
    } finally {
      await proxy.restore();
    }
    await expect
      .poll(async () => (await fetch(`${url}/healthz`)).status, { timeout: 15_000 })
      .toBe(200);
    await expect.poll(async () => (await adminRecords()).status, { timeout: 15_000 }).toBe(200);
    expect((await pair()).status).toBe(400);
    expect((await database.handle.db.select().from(schema.devices)).length).toBe(devicesBefore);
  }, 60_000);
});
