// Issue 13, item 1: record times that passed validation and broke a log. `t: -0` was answered
// 200, stored under a non-numeric LMDB key outside the log's range (never pulled), blocked
// `t: 0` with a 409 and made `verify` fail; `t: 2^53 - 1` ended the log's growth for good.
// Replayed over real HTTP against the server listening on 127.0.0.1.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LogRecord, MAX_FUTURE_MS } from '@tagtime/log';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { LmdbLogStore } from '../../src/store/lmdb-store.js';
import { startTestApp, type TestServer } from '../helpers/app.js';
import { createTestDatabase } from '../helpers/database.js';
import { bearer, makeDevice, makeRecords, makeUser, type TestDevice } from '../helpers/fixtures.js';
import { runAdminCli as cli } from '../helpers/process.js';

let server: TestServer;
let url: string;

beforeAll(async () => {
  server = await startTestApp();
  url = await server.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await server?.close();
});

async function newDevice(): Promise<TestDevice> {
  const db = server.database.handle.db;
  return makeDevice(db, await makeUser(db));
}

/** Posts a body as raw text: `JSON.stringify` would write -0 as 0, the attack needs the text. */
async function postRaw(device: TestDevice, body: string) {
  const res = await fetch(`${url}/v1/records`, {
    method: 'POST',
    headers: { ...bearer(device.token), 'content-type': 'application/json' },
    body,
  });
  return { status: res.status, body: (await res.json()) as { error?: { path?: string } } };
}

const event = (device: string, t: string) =>
  `{"device":"${device}","t":${t},"kind":"event","body":{"name":"x"}}`;

async function expectUntouched(device: TestDevice): Promise<void> {
  expect(await server.app.store.heads(device.userId)).toEqual({});
  expect((await server.app.store.verify()).ok).toBe(true);
}

describe('record times are refused at the edge when they would break a log', () => {
  test('t: -0 is a 400 naming records[0].t; nothing is stored and t: 0 still appends', async () => {
    const device = await newDevice();
    const attack = await postRaw(device, `{"records":[${event(device.deviceId, '-0')}]}`);
    expect(attack.status).toBe(400);
    expect(attack.body.error).toMatchObject({ code: 'invalid_record', path: 'records[0].t' });
    await expectUntouched(device);

    const zero = await postRaw(device, `{"records":[${event(device.deviceId, '0')}]}`);
    expect(zero.status).toBe(200);
    const pulled = await fetch(`${url}/v1/records`, { headers: bearer(device.token) });
    expect(((await pulled.json()) as { records: unknown[] }).records).toHaveLength(1);
    expect((await server.app.store.verify()).ok).toBe(true);
  });

  test('a t from the far future is a 400 that states the bound; the log still grows', async () => {
    const device = await newDevice();
    const far = await postRaw(
      device,
      `{"records":[${event(device.deviceId, String(Number.MAX_SAFE_INTEGER))}]}`,
    );
    expect(far.status).toBe(400);
    expect(far.body.error).toMatchObject({ code: 'invalid_record', path: 'records[0].t' });
    expect(JSON.stringify(far.body)).toMatch(/more than 24 hours after now/);
    await expectUntouched(device);

    // Just past the bound is refused, just inside it is stored (the server's clock moves on
    // between the two requests, so "inside" leaves a minute of room).
    const justPast = Date.now() + MAX_FUTURE_MS + 60_000;
    expect(
      (await postRaw(device, `{"records":[${event(device.deviceId, String(justPast))}]}`)).status,
    ).toBe(400);
    const inside = Date.now() + MAX_FUTURE_MS - 60_000;
    expect(
      (await postRaw(device, `{"records":[${event(device.deviceId, String(inside))}]}`)).status,
    ).toBe(200);
    expect(await server.app.store.heads(device.userId)).toEqual({ [device.deviceId]: inside });
  });
});

describe('verify --repair mends a store the attack already hit', () => {
  test('the -0 record moves to t 0, the far-future one is set aside, the logs grow again', async () => {
    const database = await createTestDatabase();
    const db = database.handle.db;
    const device = await makeDevice(db, await makeUser(db));
    const dataDir = mkdtempSync(join(tmpdir(), 'tagtime-repair-'));
    const other = await makeDevice(db, device.userId);
    try {
      // What the server stored before the fix: the validator let both through to the store.
      const damaged = new LmdbLogStore({ path: dataDir });
      const negativeZero = { device: device.deviceId, t: -0, kind: 'event', body: { name: 'x' } };
      await damaged.append(device.userId, device.deviceId, [negativeZero as LogRecord]);
      await damaged.append(
        device.userId,
        other.deviceId,
        makeRecords(other.deviceId, 1000, 2).concat({
          ...(makeRecords(other.deviceId, 0, 1)[0] as LogRecord),
          t: Number.MAX_SAFE_INTEGER,
        }),
      );
      await damaged.close();
      const env = { DATA_DIR: dataDir, DATABASE_URL: database.url };

      const before = await cli(['verify'], env);
      expect(before.code).toBe(1);
      const repair = await cli(['verify', '--repair'], env);
      expect(repair.code, repair.stdout + repair.stderr).toBe(0);
      expect(JSON.parse(repair.stdout)).toMatchObject({
        moved: 1,
        removed: 0,
        quarantined: 1,
        after: { ok: true, records: 3, logs: 2 },
      });
      expect((await cli(['verify'], env)).code).toBe(0);

      const repaired = await startTestApp({ dataDir }, { database });
      try {
        const base = await repaired.app.listen({ port: 0, host: '127.0.0.1' });
        const pulled = await fetch(`${base}/v1/records`, { headers: bearer(device.token) });
        const page = (await pulled.json()) as { records: LogRecord[] };
        expect(page.records.map((r) => [r.device, r.t])).toEqual([
          [device.deviceId, 0],
          [other.deviceId, 1000],
          [other.deviceId, 1001],
        ]);
        const resend = await fetch(`${base}/v1/records`, {
          method: 'POST',
          headers: { ...bearer(device.token), 'content-type': 'application/json' },
          body: JSON.stringify({ records: [{ ...negativeZero, t: 0 }] }),
        });
        expect(await resend.json()).toEqual({ accepted: 0, duplicates: 1, head: 0 });
        const grows = await fetch(`${base}/v1/records`, {
          method: 'POST',
          headers: { ...bearer(other.token), 'content-type': 'application/json' },
          body: JSON.stringify({ records: makeRecords(other.deviceId, 2000, 1) }),
        });
        expect(await grows.json()).toEqual({ accepted: 1, duplicates: 0, head: 2000 });
      } finally {
        await repaired.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
