// A pull page is written as the merge reads it, in chunks: over real HTTP the answer must still
// be one JSON document with exactly the page of records, and a client that leaves in the middle
// must not stop the next pull.
import { request } from 'node:http';
import { canonicalJson, formatCursor, type LogRecord } from '@tagtime/log';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { pullRecords } from '../src/store/pull.js';
import { startTestApp, type TestServer } from './helpers/app.js';
import { bearer, makeDevice, makeRecords, makeUser, type TestDevice } from './helpers/fixtures.js';

let server: TestServer;
let url: string;
let devices: TestDevice[];
const PER_LOG = 2500;

beforeAll(async () => {
  server = await startTestApp();
  url = await server.app.listen({ port: 0, host: '127.0.0.1' });
  const db = server.database.handle.db;
  const userId = await makeUser(db);
  devices = [await makeDevice(db, userId), await makeDevice(db, userId)];
  for (const [i, device] of devices.entries()) {
    const res = await server.app.inject({
      method: 'POST',
      url: '/v1/records',
      headers: bearer(device.token),
      payload: { records: makeRecords(device.deviceId, 1_700_000_000_000 + i, PER_LOG, 2) },
    });
    expect(res.statusCode).toBe(200);
  }
}, 60_000);
afterAll(async () => {
  await server?.close();
});

test('a page of many chunks is one JSON answer with the records of the merged page, in order', async () => {
  const [device] = devices as [TestDevice];
  const res = await fetch(`${url}/v1/records?limit=4000`, { headers: bearer(device.token) });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  const text = await res.text();
  expect(text.length).toBeGreaterThan(4 * 64 * 1024); // several chunks
  const page = JSON.parse(text) as { records: LogRecord[]; cursor: string; more: boolean };
  const expected = await pullRecords(server.app.store, device.userId, { after: {}, limit: 4000 });
  expect(page.records.map((record) => canonicalJson(record))).toEqual(
    expected.records.map((record) => record.json),
  );
  expect(page.more).toBe(true);
  expect(page.cursor).toBe(formatCursor(expected.cursor));
});

test('a client that leaves in the middle of a page does not stop the next pull', async () => {
  const [device] = devices as [TestDevice];
  await new Promise<void>((resolve, reject) => {
    const req = request(
      `${url}/v1/records?limit=5000`,
      { headers: bearer(device.token) },
      (res) => {
        res.once('data', () => {
          req.destroy();
          resolve();
        });
      },
    );
    req.on('error', (error) => (req.destroyed ? resolve() : reject(error)));
    req.end();
  });
  const res = await fetch(`${url}/v1/records?limit=5000`, { headers: bearer(device.token) });
  const page = (await res.json()) as { records: LogRecord[]; more: boolean };
  expect(page.records).toHaveLength(2 * PER_LOG);
  expect(page.more).toBe(false);
});
