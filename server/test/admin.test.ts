// The console's admin API over HTTP: service credential + named staff member + reason, the
// query language, pages both ways, facets, histogram, neighbours, streamed export, pings, the
// search across users, the live stream, statistics — and an audit_events row with the reason
// for every call, written before anything is read.
import {
  endSession,
  listAuditEvents,
  markSecondFactor,
  searchAuditTrail,
  startSession,
} from '@tagtime/db';
import { canonicalJson, type LogRecord, LogView } from '@tagtime/log';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  INTENT_HEADER,
  REASON_HEADER,
  SESSION_HEADER,
  STAFF_HEADER,
} from '../src/plugins/app/admin-auth.js';
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
import { logEvent, openSse } from './helpers/sse.js';

const DAY = 24 * 60 * 60 * 1000;
const T0 = Date.UTC(2026, 10, 20, 12); // 2026-11-20 12:00 UTC
const REASON = 'ticket 42: sync stalls';

let server: TestServer;
let url: string;
let staffId: string;
let userId: string;
let watch: TestDevice;
let phone: TestDevice;
const all: LogRecord[] = [];

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
    const records = makeRecords(device.deviceId, T0 + offset, 6, DAY);
    const res = await server.app.inject({
      method: 'POST',
      url: '/v1/records',
      headers: bearer(device.token),
      payload: { records },
    });
    expect(res.statusCode).toBe(200);
    all.push(...records);
  }
  all.sort((a, b) => a.t - b.t || (a.device < b.device ? -1 : 1));
});
afterAll(async () => {
  await server?.close();
});

function admin(path: string, headers: Record<string, string> = {}, user = userId) {
  return server.app.inject({
    method: 'GET',
    url: `/admin/v1/users/${user}/${path}`,
    headers: {
      ...bearer(TEST_ADMIN_TOKEN),
      [STAFF_HEADER]: staffId,
      [SESSION_HEADER]: staffSession(staffId),
      [REASON_HEADER]: encodeURIComponent(REASON),
      ...headers,
    },
  });
}

const q = (text: string) => `q=${encodeURIComponent(text)}`;
const ts = (records: LogRecord[]) => records.map((r) => r.t);

async function auditCount(): Promise<number> {
  return (await listAuditEvents(server.database.handle.db, { subjectUserId: userId, limit: 1000 }))
    .length;
}

describe('authentication', () => {
  test('requires the service credential, a staff member and a reason', async () => {
    const noToken = await server.app.inject({
      method: 'GET',
      url: `/admin/v1/users/${userId}/records`,
      headers: { [STAFF_HEADER]: staffId, [REASON_HEADER]: 'x' },
    });
    expect(noToken.statusCode).toBe(401);
    expect((await admin('records', { [STAFF_HEADER]: '' })).statusCode).toBe(403);
    // A customer named as the staff member: refused.
    expect((await admin('records', { [STAFF_HEADER]: userId })).statusCode).toBe(403);
    expect((await admin('records', { authorization: 'Bearer wrong' })).statusCode).toBe(401);
    for (const reason of ['', '   ']) {
      const res = await admin('records', { [REASON_HEADER]: reason });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('reason_required');
    }
  });

  test('an unknown user is a 404', async () => {
    const res = await admin('records', {}, 'usr_nobody');
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('not_found');
  });
});

describe('records', () => {
  test("gives the user's merged log newest first, or oldest first", async () => {
    const backward = await admin('records?limit=100');
    expect(backward.statusCode).toBe(200);
    expect(ts(backward.json().records)).toEqual(ts(all).reverse());
    expect(backward.json().more).toBe(false);
    expect(backward.headers['server-timing']).toMatch(/^app;dur=\d+\.\d\d, db;dur=\d+\.\d\d$/);
    const forward = (await admin('records?dir=forward')).json();
    expect(forward.records.map(canonicalJson)).toEqual(all.map((r) => canonicalJson(r)));
  });

  test('filters with the query language: kinds, devices by kind or name, text, negation', async () => {
    const errors = (await admin(`records?${q('kind:error')}`)).json().records as LogRecord[];
    expect(errors.map((r) => r.kind)).toEqual(['error', 'error', 'error', 'error']);
    const phoneOnly = (await admin(`records?${q('device:phone')}`)).json().records as LogRecord[];
    expect(phoneOnly.every((r) => r.device === phone.deviceId)).toBe(true);
    expect(phoneOnly).toHaveLength(6);
    // Devices are named `test <kind>` by the fixture: a part of the name works too.
    const named = (await admin(`records?${q('device:"TEST WATCH" kind:error "oops 5"')}`)).json();
    expect(named.records.map((r: LogRecord) => [r.device, r.kind, r.t])).toEqual([
      [watch.deviceId, 'error', T0 + 5 * DAY],
    ]);
    const notWatch = (await admin(`records?${q('-device:watch -kind:ping')}`)).json().records;
    expect(notWatch.map((r: LogRecord) => r.kind).sort()).toEqual([
      'error',
      'error',
      'event',
      'event',
    ]);
    const range = (await admin(`records?dir=forward&from=${T0 + DAY}&to=${T0 + 2 * DAY}`)).json();
    expect(ts(range.records)).toEqual([T0 + DAY, T0 + DAY + 1, T0 + 2 * DAY]);
  });

  test('a bad query is a 400 naming the term, audited as refused, never as a read', async () => {
    const bad = await admin(`records?${q('kind:boom')}`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'invalid_input', path: 'q', at: 0 });
    expect(bad.json().error.message).toContain('kind:boom is not a record kind');
    expect((await admin('records?cursor=yesterday')).json().error.code).toBe('invalid_cursor');
    // A device term naming none of the user's devices says which there are.
    const unknown = await admin(`records?${q('device:toaster')}`);
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toContain(`test watch (${watch.deviceId})`);
    const latest = await listAuditEvents(server.database.handle.db, {
      subjectUserId: userId,
      limit: 3,
    });
    expect(latest.map((event) => [event.action, event.outcome, event.refusalCode])).toEqual([
      ['logs.read', 'refused', 'invalid_input'],
      ['logs.read', 'refused', 'invalid_cursor'],
      ['logs.read', 'refused', 'invalid_input'],
    ]);
  });

  test('pages with a cursor both ways, from any place, filters included', async () => {
    const seen: number[] = [];
    let cursor = '';
    for (let page = 0; page < 20; page++) {
      const suffix = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const body = (await admin(`records?${q('kind:ping,event')}&limit=3${suffix}`)).json();
      seen.push(...ts(body.records));
      cursor = body.cursor;
      if (!body.more) break;
    }
    const expected = all.filter((r) => r.kind !== 'error');
    expect(seen).toEqual(ts(expected).reverse());
    // Jump to a time: backward from `<t>:~` starts at the last record at or before it, forward
    // from the same place gives the ones after it.
    const at = T0 + 3 * DAY;
    const older = (await admin(`records?limit=2&cursor=${at}:~`)).json();
    const newer = (await admin(`records?dir=forward&limit=2&cursor=${at}:~`)).json();
    expect(ts(older.records)).toEqual([at, at - DAY + 1]);
    expect(ts(newer.records)).toEqual([at + 1, at + DAY]);
  });
});

describe('facets and histogram', () => {
  test('facet counts per kind and device, each with the other filters kept', async () => {
    const facets = (await admin(`facets?${q('kind:error')}`)).json();
    expect(facets).toMatchObject({
      total: 4,
      kinds: { ping: 4, event: 4, error: 4 },
      devices: { [watch.deviceId]: 2, [phone.deviceId]: 2 },
      textApplied: true,
      from: T0,
      to: T0 + 5 * DAY + 1,
    });
    const text = (await admin(`facets?${q('device:phone oops')}`)).json();
    expect(text).toMatchObject({ total: 2, kinds: { error: 2 }, textApplied: true });
    expect(text.devices).toEqual({ [watch.deviceId]: 2, [phone.deviceId]: 2 });
  });

  test('a volume histogram by kind or by device, bars in the user’s days', async () => {
    const res = await admin(`histogram?from=${T0 - DAY}&to=${T0 + 10 * DAY}&width=day`);
    expect(res.statusCode).toBe(200);
    const chart = res.json();
    expect(chart).toMatchObject({ group: 'kind', bucketMs: DAY, timeZone: 'UTC', total: 12 });
    expect(chart.buckets[1]).toEqual({ start: T0 - 12 * 3_600_000, counts: { ping: 2 } });
    const errors = (await admin(`histogram?${q('kind:error')}&group=device&buckets=3`)).json();
    const perDevice: Record<string, number> = {};
    for (const bucket of errors.buckets) {
      for (const [device, n] of Object.entries(bucket.counts as Record<string, number>)) {
        perDevice[device] = (perDevice[device] ?? 0) + n;
      }
    }
    expect(perDevice).toEqual({ [watch.deviceId]: 2, [phone.deviceId]: 2 });
    expect((await admin('histogram?buckets=0')).statusCode).toBe(400);
  });
});

describe('neighbours', () => {
  test('a record with its own device and the other devices around it', async () => {
    const t = T0 + 2 * DAY;
    const res = await admin(`records/${watch.deviceId}/${t}/context?n=2`);
    expect(res.statusCode).toBe(200);
    const context = res.json();
    expect(context.record.t).toBe(t);
    expect(ts(context.device.before)).toEqual([t - DAY, t - 2 * DAY]);
    expect(ts(context.device.after)).toEqual([t + DAY, t + 2 * DAY]);
    expect(ts(context.others.before)).toEqual([t - DAY + 1, t - 2 * DAY + 1]);
    expect(ts(context.others.after)).toEqual([t + 1, t + DAY + 1]);
    const missing = await admin(`records/${watch.deviceId}/${t + 5}/context`);
    expect(missing.statusCode).toBe(404);
  });
});

describe('export', () => {
  test('streams the query oldest first as JSON Lines', async () => {
    const res = await admin(`export?${q('-kind:event')}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename=".+\.jsonl"$/);
    const lines = res.body.trimEnd().split('\n');
    expect(lines).toEqual(all.filter((r) => r.kind !== 'event').map((r) => canonicalJson(r)));
  });

  test('or as CSV with the body as JSON in one quoted field', async () => {
    const res = await admin(`export?format=csv&${q('kind:error device:watch')}`);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const rows = res.body.split('\r\n');
    expect(rows[0]).toBe('t,time,device,kind,body');
    expect(rows[1]).toBe(
      `${T0 + 2 * DAY},2026-11-22T12:00:00.000Z,${watch.deviceId},error,"{""context"":{""i"":2},""message"":""oops 2""}"`,
    );
    expect(rows).toHaveLength(4);
  });
});

describe('export of a long log', () => {
  test('arrives in steps as it is read, and a reader that leaves stops it', {
    timeout: 60_000,
  }, async () => {
    const db = server.database.handle.db;
    const owner = await makeUser(db, 'long');
    const device = await makeDevice(db, owner, 'cli');
    for (let batch = 0; batch < 4; batch++) {
      const res = await server.app.inject({
        method: 'POST',
        url: '/v1/records',
        headers: bearer(device.token),
        payload: { records: makeRecords(device.deviceId, T0 + batch * 5000, 5000) },
      });
      expect(res.statusCode).toBe(200);
    }
    const headers = {
      ...bearer(TEST_ADMIN_TOKEN),
      [STAFF_HEADER]: staffId,
      [SESSION_HEADER]: staffSession(staffId),
      [REASON_HEADER]: 'export test',
    };
    const response = await fetch(`${url}/admin/v1/users/${owner}/export`, { headers });
    expect(response.headers.get('transfer-encoding')).toBe('chunked');
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    let chunks = 0;
    let text = '';
    const decoder = new TextDecoder();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks += 1;
      text += decoder.decode(value, { stream: true });
    }
    expect(chunks).toBeGreaterThan(1);
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(20_000);
    expect(JSON.parse(lines[19_999] as string).t).toBe(T0 + 19_999);
    // Leaving after the first step: the server stays well and answers the next call.
    const abort = new AbortController();
    const partial = await fetch(`${url}/admin/v1/users/${owner}/export`, {
      headers,
      signal: abort.signal,
    });
    await (partial.body as ReadableStream<Uint8Array>).getReader().read();
    abort.abort();
    expect((await admin('records?limit=1', {}, owner)).statusCode).toBe(200);
  });
});

describe('pings', () => {
  test('answered and missed against the schedule, and time per tag after renames', async () => {
    const db = server.database.handle.db;
    const owner = await makeUser(db, 'pinger');
    const device = await makeDevice(db, owner, 'watch');
    const dayStart = T0 / 1000 - 12 * 3600; // 2026-11-20 00:00 UTC
    const pings = new LogView().schedule().pingsBetween(dayStart, dayStart + 24 * 3600);
    const records: LogRecord[] = pings.slice(0, 15).map((ping, i) => ({
      device: device.deviceId,
      t: ping * 1000 + 5000,
      kind: 'ping',
      body: i < 10 ? { ping, tags: ['work'] } : { ping, tags: ['afk', 'off', 'RETRO'], auto: true },
    }));
    const last = (records.at(-1) as LogRecord).t;
    records.push({
      device: device.deviceId,
      t: last + 1,
      kind: 'command',
      body: { op: 'rename-tag', from: 'work', to: 'job' },
    });
    const appended = await server.app.inject({
      method: 'POST',
      url: '/v1/records',
      headers: bearer(device.token),
      payload: { records },
    });
    expect(appended.statusCode).toBe(200);
    const res = await admin(
      `pings?from=${dayStart * 1000}&to=${dayStart * 1000 + DAY - 1}`,
      {},
      owner,
    );
    expect(res.statusCode).toBe(200);
    const report = res.json();
    expect(report).toMatchObject({
      answered: 10,
      missed: 5,
      unanswered: pings.length - 15,
      complete: true,
      timeZone: 'UTC',
    });
    expect(report.days).toEqual([
      { day: '2026-11-20', answered: 10, missed: 5, unanswered: pings.length - 15 },
    ]);
    expect(report.tags).toContainEqual({ tag: 'job', count: 10, seconds: 10 * 2700 });
    expect(report.tags.map((tag: { tag: string }) => tag.tag)).not.toContain('work');
  });
});

describe('search across users', () => {
  test('finds the users whose records hold a text', async () => {
    const res = await server.app.inject({
      method: 'GET',
      url: `/admin/v1/search?${q('"OOPS 5"')}`,
      headers: {
        ...bearer(TEST_ADMIN_TOKEN),
        [STAFF_HEADER]: staffId,
        [SESSION_HEADER]: staffSession(staffId),
        [REASON_HEADER]: 'looking for the ticket owner',
      },
    });
    expect(res.statusCode).toBe(200);
    const found = res.json();
    expect(found.complete).toBe(true);
    expect(found.users).toContainEqual({
      userId,
      matches: 2,
      latest: expect.objectContaining({ t: T0 + 5 * DAY + 1 }),
    });
    expect(found.users.every((hit: { matches: number }) => hit.matches > 0)).toBe(true);
    const [event] = await listAuditEvents(server.database.handle.db, { actorUserId: staffId });
    expect(event).toMatchObject({ action: 'logs.search', subjectUserId: null });
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
      [SESSION_HEADER]: staffSession(staffId),
      [REASON_HEADER]: 'watching a sync',
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
    const calls = ['records', 'facets', 'histogram', 'export', 'pings', 'stats'];
    for (const call of calls) expect((await admin(call)).statusCode).toBe(200);
    expect(await auditCount()).toBe(before + calls.length);
    const latest = await listAuditEvents(server.database.handle.db, {
      subjectUserId: userId,
      limit: calls.length,
    });
    expect(latest.map((event) => event.action).reverse()).toEqual(
      calls.map((call) => `logs.${call === 'records' ? 'read' : call}`),
    );
    for (const event of latest) {
      expect(event).toMatchObject({ actorUserId: staffId, actorRole: 'support', reason: REASON });
    }
  });

  test("a staff member's refused call is recorded as refused; one naming no staff member is not", async () => {
    const before = await auditCount();
    await admin('records', { authorization: 'Bearer wrong' });
    await admin('records', { [STAFF_HEADER]: '' });
    expect(await auditCount()).toBe(before);
    expect((await admin('records?limit=0')).statusCode).toBe(400);
    expect((await admin('stats', { [REASON_HEADER]: '' })).statusCode).toBe(400);
    const latest = await listAuditEvents(server.database.handle.db, {
      subjectUserId: userId,
      limit: 2,
    });
    expect(latest).toMatchObject([
      { action: 'logs.stats', outcome: 'refused', refusalCode: 'reason_required', reason: null },
      { action: 'logs.read', outcome: 'refused', refusalCode: 'invalid_input', reason: REASON },
    ]);
    for (const event of latest) expect(event).toMatchObject({ actorUserId: staffId });
    expect(await auditCount()).toBe(before + 2);
  });

  test('a refused call about an unknown user is still recorded, with the id in the reason', async () => {
    expect((await admin('records', {}, 'usr_nobody')).statusCode).toBe(404);
    const [event] = await listAuditEvents(server.database.handle.db, {
      actorUserId: staffId,
      limit: 1,
    });
    expect(event).toMatchObject({
      action: 'logs.read',
      outcome: 'refused',
      refusalCode: 'not_found',
      subjectUserId: null,
    });
    expect(event?.reason).toContain('usr_nobody');
  });
});

describe('audit by intent and the second factor', () => {
  test('a log-browser view (records, facets, histogram, a next page) is one row counting its reads', async () => {
    const before = await auditCount();
    const intent = { [INTENT_HEADER]: `view-${Date.now()}-a` };
    const calls = ['records?limit=3', 'facets', 'histogram', 'records?limit=3&dir=forward'];
    const answers = await Promise.all(calls.map((call) => admin(call, intent)));
    for (const answer of answers) expect(answer.statusCode).toBe(200);
    expect(await auditCount()).toBe(before + 1);
    const { events } = await searchAuditTrail(server.database.handle.db, {
      actor: staffId,
      limit: 1,
    });
    expect(events[0]).toMatchObject({ reason: REASON, reads: 4, subjectUserId: userId });
    // A new query is a new intent, so a new row.
    expect((await admin('facets', { [INTENT_HEADER]: `view-${Date.now()}-b` })).statusCode).toBe(
      200,
    );
    expect(await auditCount()).toBe(before + 2);
  });

  test("an intent is one staff member's read of one user: another user's read under it is refused", async () => {
    const intent = { [INTENT_HEADER]: `view-${Date.now()}-c` };
    expect((await admin('facets', intent)).statusCode).toBe(200);
    const other = await makeUser(server.database.handle.db, 'other');
    const res = await admin('facets', intent, other);
    expect(res.statusCode).toBe(409);
    expect((await admin('facets', { [INTENT_HEADER]: 'bad intent!' })).statusCode).toBe(400);
  });

  test('the staff member must name a live console session that passed a second factor', async () => {
    const db = server.database.handle.db;
    const before = await auditCount();
    const unverified = await startSession(db, { userId: staffId, maxAgeSeconds: 60 });
    for (const session of [unverified, '', 'ses_nobody']) {
      const res = await admin('records', { [SESSION_HEADER]: session });
      expect(res.statusCode).toBe(403);
    }
    // Another staff member's verified session proves nothing for this one.
    const colleague = await makeStaff(db);
    expect((await admin('records', { [SESSION_HEADER]: staffSession(colleague) })).statusCode).toBe(
      403,
    );
    const ended = await startSession(db, { userId: staffId, maxAgeSeconds: 60 });
    await markSecondFactor(db, { sessionId: ended, userId: staffId });
    await endSession(db, ended);
    expect((await admin('records', { [SESSION_HEADER]: ended })).statusCode).toBe(403);
    // Each refusal is audited as refused, none as a read.
    const latest = await listAuditEvents(db, { subjectUserId: userId, limit: 5 });
    expect(latest.every((event) => event.outcome === 'refused')).toBe(true);
    expect(await auditCount()).toBe(before + 5);
  });
});
