// The console's admin API: service credential + named staff member, filters, pages, live
// stream, statistics, and an audit_events row for every call.
import { listAuditEvents } from '@tagtime/db';
import type { LogRecord } from '@tagtime/log';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { REASON_HEADER, STAFF_HEADER } from '../src/plugins/app/admin-auth.js';
import { startTestApp, TEST_ADMIN_TOKEN, type TestServer } from './helpers/app.js';
import {
  bearer,
  makeDevice,
  makeRecords,
  makeStaff,
  makeUser,
  type TestDevice,
} from './helpers/fixtures.js';
import { logEvent, openSse } from './helpers/sse.js';

const DAY = 24 * 60 * 60 * 1000;
const T0 = Date.UTC(2026, 10, 20, 12); // 2026-11-20 12:00 UTC

let server: TestServer;
let url: string;
let staffId: string;
let userId: string;
let watch: TestDevice;
let phone: TestDevice;

beforeAll(async () => {
  server = await startTestApp();
  url = await server.app.listen({ port: 0, host: '127.0.0.1' });
  const db = server.database.handle.db;
  staffId = await makeStaff(db);
  userId = await makeUser(db, 'customer');
  watch = await makeDevice(db, userId, 'watch');
  phone = await makeDevice(db, userId, 'phone');
  // Each device: 6 records a day apart (kinds cycle ping, event, error).
  for (const device of [watch, phone]) {
    const offset = device === watch ? 0 : 1;
    const res = await server.app.inject({
      method: 'POST',
      url: '/v1/records',
      headers: bearer(device.token),
      payload: { records: makeRecords(device.deviceId, T0 + offset, 6, DAY) },
    });
    expect(res.statusCode).toBe(200);
  }
});
afterAll(async () => {
  await server?.close();
});

function admin(path: string, headers: Record<string, string> = {}) {
  return server.app.inject({
    method: 'GET',
    url: `/admin/v1/users/${userId}/${path}`,
    headers: { ...bearer(TEST_ADMIN_TOKEN), [STAFF_HEADER]: staffId, ...headers },
  });
}

async function auditCount(): Promise<number> {
  return (await listAuditEvents(server.database.handle.db, { subjectUserId: userId, limit: 1000 }))
    .length;
}

describe('authentication', () => {
  test('requires the service credential and a staff member', async () => {
    const noToken = await server.app.inject({
      method: 'GET',
      url: `/admin/v1/users/${userId}/records`,
      headers: { [STAFF_HEADER]: staffId },
    });
    expect(noToken.statusCode).toBe(401);
    expect((await admin('records', { [STAFF_HEADER]: '' })).statusCode).toBe(403);
    expect((await admin('records', { [STAFF_HEADER]: userId })).statusCode).toBe(403);
    expect((await admin('records', { authorization: 'Bearer wrong' })).statusCode).toBe(401);
  });

  test('an unknown user is a 404', async () => {
    const res = await server.app.inject({
      method: 'GET',
      url: '/admin/v1/users/usr_nobody/records',
      headers: { ...bearer(TEST_ADMIN_TOKEN), [STAFF_HEADER]: staffId },
    });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('not_found');
  });
});

describe('records', () => {
  test("returns the user's merged records", async () => {
    const res = await admin('records?limit=100');
    expect(res.statusCode).toBe(200);
    const records = res.json().records as LogRecord[];
    expect(records).toHaveLength(12);
    expect(records.map((r) => r.t)).toEqual([...records.map((r) => r.t)].sort((a, b) => a - b));
  });

  test('filters by kinds, devices, time range and body text', async () => {
    const kinds = (await admin('records?kinds=error')).json().records as LogRecord[];
    expect(kinds.map((r) => r.kind)).toEqual(['error', 'error', 'error', 'error']);
    const devices = (await admin(`records?devices=${phone.deviceId}`)).json()
      .records as LogRecord[];
    expect(devices).toHaveLength(6);
    expect(devices.every((r) => r.device === phone.deviceId)).toBe(true);
    const range = (await admin(`records?from=${T0 + DAY}&to=${T0 + 2 * DAY}`)).json()
      .records as LogRecord[];
    expect(range.map((r) => r.t)).toEqual([T0 + DAY, T0 + DAY + 1, T0 + 2 * DAY]);
    const text = (await admin('records?q=OOPS%205')).json().records as LogRecord[];
    expect(text.map((r) => [r.device, r.kind])).toEqual([
      [watch.deviceId, 'error'],
      [phone.deviceId, 'error'],
    ]);
  });

  test('pages with a cursor, filters included', async () => {
    const seen: number[] = [];
    let after = '';
    for (let page = 0; page < 20; page++) {
      const body = (
        await admin(`records?kinds=ping,event&limit=3&after=${encodeURIComponent(after)}`)
      ).json();
      seen.push(...body.records.map((r: LogRecord) => r.t));
      after = body.cursor;
      if (!body.more) break;
    }
    expect(seen).toHaveLength(8);
    expect(new Set(seen).size).toBe(8);
  });
});

describe('stats', () => {
  test('records per day by kind, errors per device, heads and last sync', async () => {
    const res = await admin(`stats?from=${T0 - DAY}&to=${T0 + 10 * DAY}`);
    expect(res.statusCode).toBe(200);
    const stats = res.json();
    expect(stats.heads).toEqual({
      [watch.deviceId]: T0 + 5 * DAY,
      [phone.deviceId]: T0 + 5 * DAY + 1,
    });
    expect(stats.errorsByDevice).toEqual({ [watch.deviceId]: 2, [phone.deviceId]: 2 });
    expect(stats.recordsPerDay[0]).toEqual({ day: '2026-11-20', kind: 'ping', count: 2 });
    expect(
      stats.recordsPerDay.reduce((sum: number, row: { count: number }) => sum + row.count, 0),
    ).toBe(12);
    expect(stats.complete).toBe(true);
    expect(typeof stats.lastSync).toBe('string');
    expect(stats.logs.map((log: { kind: string }) => log.kind).sort()).toEqual(['phone', 'watch']);
  });
});

describe('stream', () => {
  test("streams the user's log events live", async () => {
    const stream = await openSse(`${url}/admin/v1/users/${userId}/stream`, {
      ...bearer(TEST_ADMIN_TOKEN),
      [STAFF_HEADER]: staffId,
    });
    try {
      expect(stream.status).toBe(200);
      await server.app.inject({
        method: 'POST',
        url: '/v1/records',
        headers: bearer(watch.token),
        payload: { records: makeRecords(watch.deviceId, T0 + 9 * DAY, 1) },
      });
      const event = await stream.waitFor((e) => logEvent(e).head === T0 + 9 * DAY);
      expect(logEvent(event).device).toBe(watch.deviceId);
    } finally {
      stream.close();
    }
  });
});

describe('audit', () => {
  test('every call writes an audit_events row naming the staff member, role and reason', async () => {
    const before = await auditCount();
    await admin('records', { [REASON_HEADER]: 'ticket 42' });
    await admin('stats');
    expect(await auditCount()).toBe(before + 2);
    const [latest, previous] = await listAuditEvents(server.database.handle.db, {
      subjectUserId: userId,
      limit: 2,
    });
    expect(latest).toMatchObject({
      actorUserId: staffId,
      actorRole: 'support',
      action: 'logs.stats',
    });
    expect(previous).toMatchObject({ action: 'logs.read', reason: 'ticket 42' });
  });

  test('a call refused before reading writes no row', async () => {
    const before = await auditCount();
    await admin('records', { authorization: 'Bearer wrong' });
    await admin('records?limit=0');
    expect(await auditCount()).toBe(before);
  });
});
