// Thousands of malformed bodies, headers, cursors, tokens and paths for every endpoint: every
// answer must be a 4xx with the JSON error shape — never a 5xx — and nothing may be stored.
import * as schema from '@tagtime/db/schema';
import { validateBatch } from '@tagtime/log';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { SESSION_HEADER, STAFF_HEADER } from '../src/plugins/app/admin-auth.js';
import { startTestApp, TEST_ADMIN_TOKEN, type TestServer } from './helpers/app.js';
import {
  bearer,
  makeDevice,
  makeRecords,
  makeStaff,
  makeUser,
  staffSession,
  type TestDevice,
} from './helpers/fixtures.js';

// Up to a thousand requests per property: a deadline for a loaded machine (it bounds the run,
// it measures nothing; CI shares two cores with the database and the other suites).
vi.setConfig({ testTimeout: 180_000 });

let server: TestServer;
let device: TestDevice;
let staffId: string;
let storedBefore: { heads: Record<string, number>; records: number; devices: number };

beforeAll(async () => {
  server = await startTestApp({
    rateLimit: { perToken: 10_000_000, pairPerIp: 10_000_000, unknownTokensPerIp: 10_000_000 },
  });
  const db = server.database.handle.db;
  device = await makeDevice(db, await makeUser(db));
  staffId = await makeStaff(db);
  const res = await server.app.inject({
    method: 'POST',
    url: '/v1/records',
    headers: bearer(device.token),
    payload: { records: makeRecords(device.deviceId, 1000, 10) },
  });
  expect(res.statusCode).toBe(200);
  storedBefore = await snapshot();
}, 60_000);

afterAll(async () => {
  // Nothing any malformed request did may show in the store or the database.
  expect(await snapshot()).toEqual(storedBefore);
  await server?.close();
});

async function snapshot() {
  const report = await server.app.store.verify();
  expect(report.ok).toBe(true);
  const devices = await server.database.handle.db.select().from(schema.devices);
  return {
    heads: await server.app.store.heads(device.userId),
    records: report.records,
    devices: devices.length,
  };
}

function expectClientError(res: LightMyRequestResponse, allowed?: number[]): void {
  const context = `${res.statusCode} ${res.body.slice(0, 300)}`;
  expect(res.statusCode, context).toBeGreaterThanOrEqual(400);
  expect(res.statusCode, context).toBeLessThan(500);
  if (allowed) expect(allowed, context).toContain(res.statusCode);
  expect(res.headers['content-type'], context).toMatch(/^application\/json/);
  const body = res.json();
  expect(Object.keys(body), context).toEqual(['error']);
  expect(typeof body.error.code, context).toBe('string');
  expect(typeof body.error.message, context).toBe('string');
}

/** Printable ASCII: what an HTTP header value can carry. */
const headerText = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
  maxLength: 80,
});

/** A valid record changed in one way that makes it invalid. */
function brokenRecord(deviceId: string) {
  const base = { device: deviceId, t: 5000, kind: 'ping', body: { ping: 5, tags: ['a'] } };
  return fc.oneof(
    fc
      .constantFrom<unknown>(-1, 1.5, '5000', null, true, Number.MAX_SAFE_INTEGER + 2)
      .map((t) => ({ ...base, t })),
    fc
      .constantFrom<unknown>('', 'bad id!', 'x'.repeat(65), 7, null)
      .map((d) => ({ ...base, device: d })),
    fc
      .string({ maxLength: 10 })
      .filter((k) => !['ping', 'tag', 'config', 'error', 'event', 'command'].includes(k))
      .map((kind) => ({ ...base, kind })),
    fc.constantFrom<unknown>(null, [], 'text', 3, {}).map((body) => ({ ...base, body })),
    fc.constantFrom('device', 't', 'kind', 'body').map((key) => {
      const copy: Record<string, unknown> = { ...base };
      delete copy[key];
      return copy;
    }),
    fc
      .string({ minLength: 1, maxLength: 8 })
      .filter((k) => !['device', 't', 'kind', 'body'].includes(k))
      .map((extra) => ({ ...base, [extra]: 1 })),
    fc
      .constantFrom<unknown>(['has space'], [''], ['x'.repeat(65)], 'work', [1])
      .map((tags) => ({ ...base, body: { ping: 5, tags } })),
    fc.constant({ ...base, kind: 'event', body: { name: 'big', data: 'x'.repeat(9000) } }),
    fc.constant({ ...base, device: 'dev_someone_else' }),
  );
}

describe('POST /v1/records', () => {
  test('malformed batches are refused with 4xx JSON and store nothing', async () => {
    const records = fc
      .tuple(
        fc.integer({ min: 0, max: 3 }),
        brokenRecord(device.deviceId),
        fc.integer({ min: 0, max: 2 }),
      )
      .map(([before, broken, after]) => [
        ...makeRecords(device.deviceId, 2000, before),
        broken,
        ...makeRecords(device.deviceId, 6000, after),
      ]);
    await fc.assert(
      fc.asyncProperty(records, async (list) => {
        const res = await server.app.inject({
          method: 'POST',
          url: '/v1/records',
          headers: bearer(device.token),
          payload: { records: list },
        });
        expectClientError(res, [400, 403, 413]);
      }),
      { numRuns: 1000 },
    );
  });

  test('arbitrary JSON bodies and raw text are refused with 4xx JSON', async () => {
    const body = fc.oneof(
      fc.jsonValue().map((value) => JSON.stringify(value)),
      fc
        .record({ records: fc.array(fc.jsonValue(), { minLength: 1, maxLength: 3 }) })
        .map((v) => JSON.stringify(v)),
      fc.string({ maxLength: 200 }),
    );
    await fc.assert(
      fc.asyncProperty(body, async (text) => {
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = undefined;
        }
        fc.pre(parsed === undefined || !validateBatch(parsed).ok);
        const res = await server.app.inject({
          method: 'POST',
          url: '/v1/records',
          headers: { ...bearer(device.token), 'content-type': 'application/json' },
          payload: text,
        });
        expectClientError(res);
      }),
      { numRuns: 1000 },
    );
  });

  test('any content type other than JSON is refused with 4xx JSON', async () => {
    await fc.assert(
      fc.asyncProperty(headerText, fc.string({ maxLength: 50 }), async (type, payload) => {
        fc.pre(!/json/i.test(type));
        const res = await server.app.inject({
          method: 'POST',
          url: '/v1/records',
          headers: { ...bearer(device.token), 'content-type': type },
          payload,
        });
        expectClientError(res);
      }),
      { numRuns: 300 },
    );
  });
});

describe('tokens and headers', () => {
  test('malformed or unknown tokens get 401 JSON on every device endpoint', async () => {
    const routes = [
      ['POST', '/v1/records'],
      ['GET', '/v1/records'],
      ['GET', '/v1/heads'],
      ['GET', '/v1/stream'],
    ] as const;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        fc.oneof(
          headerText,
          headerText.map((t) => `Bearer ${t}`),
          fc.constant(`Bearer ${device.token}x`),
        ),
        async ([method, url], authorization) => {
          fc.pre(authorization.trim() !== `Bearer ${device.token}`);
          const res = await server.app.inject({
            method,
            url,
            headers: { authorization },
            ...(method === 'POST'
              ? { payload: { records: makeRecords(device.deviceId, 9000, 1) } }
              : {}),
          });
          expectClientError(res, [401]);
        },
      ),
      { numRuns: 600 },
    );
  });
});

describe('GET /v1/records', () => {
  test('malformed cursors and limits get 400 JSON; valid ones 200', async () => {
    const query = fc.record({
      after: fc.oneof(
        fc.string({ maxLength: 60 }),
        fc.constant(`${device.deviceId}:-1`),
        fc.constant(`${device.deviceId}:1,${device.deviceId}:2`),
      ),
      limit: fc.oneof(
        fc.string({ maxLength: 6 }),
        fc.integer().map(String),
        fc.constant('1e3'),
        fc.constant(''),
      ),
    });
    await fc.assert(
      fc.asyncProperty(query, async ({ after, limit }) => {
        const res = await server.app.inject({
          method: 'GET',
          url: `/v1/records?after=${encodeURIComponent(after)}&limit=${encodeURIComponent(limit)}`,
          headers: bearer(device.token),
        });
        if (res.statusCode === 200) {
          expect(Array.isArray(res.json().records)).toBe(true);
          return;
        }
        expectClientError(res, [400]);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('POST /v1/pair', () => {
  test('malformed bodies and unknown codes get 4xx JSON and create no device', async () => {
    const body = fc.oneof(
      fc.record({
        code: fc.string({ maxLength: 40 }),
        name: fc.string({ maxLength: 120 }),
        kind: fc.string({ maxLength: 10 }),
      }),
      fc.record({
        code: fc.stringMatching(/^[A-Z2-9]{8}$/),
        name: fc.constant('phone'),
        kind: fc.constant('phone'),
      }),
      fc.jsonValue(),
    );
    await fc.assert(
      fc.asyncProperty(body, async (payload) => {
        const res = await server.app.inject({
          method: 'POST',
          url: '/v1/pair',
          headers: { 'content-type': 'application/json' },
          payload: JSON.stringify(payload),
        });
        expectClientError(res);
      }),
      { numRuns: 400 },
    );
  });
});

describe('admin API', () => {
  test('bad credentials, staff names, user ids and filters get 4xx JSON', async () => {
    const paths = ['records', 'stats', 'stream'];
    const input = fc.record({
      path: fc.constantFrom(...paths),
      user: fc.oneof(fc.constant(device.userId), fc.string({ maxLength: 40 })),
      token: fc.oneof(fc.constant(TEST_ADMIN_TOKEN), headerText),
      staff: fc.oneof(fc.constant(staffId), fc.constant(device.userId), headerText),
      query: fc.oneof(
        fc.constant(''),
        fc
          .record({
            k: fc.constantFrom('kinds', 'devices', 'from', 'to', 'q', 'after', 'limit'),
            v: fc.string({ maxLength: 30 }),
          })
          .map(({ k, v }) => `${k}=${encodeURIComponent(v)}`),
      ),
    });
    await fc.assert(
      fc.asyncProperty(input, async ({ path, user, token, staff, query }) => {
        const good = token === TEST_ADMIN_TOKEN && staff === staffId && user === device.userId;
        // Fully valid calls are covered by the admin tests; a valid stream would stay open.
        fc.pre(!good || path !== 'stream');
        const res = await server.app.inject({
          method: 'GET',
          url: `/admin/v1/users/${encodeURIComponent(user)}/${path}?${query}`,
          headers: {
            authorization: `Bearer ${token}`,
            [STAFF_HEADER]: staff,
            [SESSION_HEADER]: staff === staffId ? staffSession(staffId) : 'ses_unknown',
          },
        });
        if (res.statusCode === 200) {
          expect(good).toBe(true);
          return;
        }
        expectClientError(res);
      }),
      { numRuns: 500 },
    );
  });
});

describe('everything else', () => {
  test('unknown paths and methods get 4xx JSON', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH'),
        fc.array(fc.string({ maxLength: 12 }), { maxLength: 4 }),
        async (method, segments) => {
          const url = `/${segments.map(encodeURIComponent).join('/')}`;
          fc.pre(
            ![
              '/healthz',
              '/openapi.json',
              '/v1/heads',
              '/v1/records',
              '/v1/stream',
              '/v1/pair',
              '/v1/view',
              '/v1/view/tags',
            ].includes(url),
          );
          const res = await server.app.inject({ method, url, headers: bearer(device.token) });
          expectClientError(res);
        },
      ),
      { numRuns: 300 },
    );
  });
});
