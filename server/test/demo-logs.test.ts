// The demo devices' log is seeded through the real server (over HTTP, with @tagtime/client), so
// the console's first screens show real records; seeding again adds nothing.
import { DEMO_DEVICES, seed, seedDemoLogs } from '@tagtime/db/seed';
import { pingsBetween } from '@tagtime/ping';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestApp, type TestServer } from './helpers/app.js';

const DAY_S = 86_400;
const NOW = new Date('2026-11-30T15:00:00Z');

let server: TestServer;
let url: string;

beforeAll(async () => {
  server = await startTestApp();
  await seed(server.database.handle.db);
  url = await server.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await server?.close();
});

/** Every record of the demo owner, as the watch sees them (all logs, merged order). */
type Seen = { device: string; t: number; kind: string; body: { ping?: number } };

async function ownerRecords(): Promise<Seen[]> {
  const [watch] = DEMO_DEVICES;
  const response = await fetch(`${url}/v1/records?limit=10000`, {
    headers: { authorization: `Bearer ${watch?.token}` },
  });
  expect(response.status).toBe(200);
  const page = (await response.json()) as { records: Seen[]; more: boolean };
  expect(page.more).toBe(false);
  return page.records;
}

describe('the demo log', () => {
  test('answers the universal pings of the last weeks on both devices, with events and errors', async () => {
    const reports = await seedDemoLogs(url, { now: NOW });
    expect(reports.every((report) => report.accepted > 0 && report.duplicates === 0)).toBe(true);
    const records = await ownerRecords();
    expect(records).toHaveLength(reports.reduce((sum, report) => sum + report.accepted, 0));
    expect(new Set(records.map((record) => record.device))).toEqual(
      new Set(DEMO_DEVICES.map((device) => device.id)),
    );
    const today = Math.floor(NOW.getTime() / 1000 / DAY_S) * DAY_S;
    const schedule = new Set(pingsBetween(today - 21 * DAY_S, today));
    const answers = records.filter((record) => record.kind === 'ping');
    // Most pings answered, each a real ping of the schedule, after it rang.
    expect(answers.length).toBeGreaterThan(schedule.size * 0.6);
    expect(answers.length).toBeLessThanOrEqual(schedule.size);
    for (const answer of answers) {
      expect(schedule.has(answer.body.ping ?? -1)).toBe(true);
      expect(answer.t).toBeGreaterThan((answer.body.ping ?? 0) * 1000);
    }
    const kinds = new Set(records.map((record) => record.kind));
    expect(kinds).toEqual(new Set(['ping', 'event', 'error']));
    expect(records.filter((record) => record.kind === 'error').length).toBeGreaterThanOrEqual(2);
  });

  test('seeding again adds nothing; a later day adds only the days since', async () => {
    const before = await ownerRecords();
    const again = await seedDemoLogs(url, { now: NOW });
    expect(again.map((report) => report.accepted)).toEqual([0, 0]);
    expect(await ownerRecords()).toEqual(before);
    const nextDay = new Date(NOW.getTime() + DAY_S * 1000);
    const later = await seedDemoLogs(url, { now: nextDay });
    const after = await ownerRecords();
    const added = after.length - before.length;
    expect(added).toBe(later.reduce((sum, report) => sum + report.accepted, 0));
    expect(added).toBeGreaterThan(0);
    // Only after what each log had: the old records stay as they were, in their place.
    const lastOf = (device: string) =>
      Math.max(...before.filter((r) => r.device === device).map((r) => r.t));
    for (const record of after.filter(
      (r) => !before.some((b) => b.device === r.device && b.t === r.t),
    )) {
      expect(record.t).toBeGreaterThan(lastOf(record.device));
    }
    expect(after.slice(0, before.length)).toEqual(before);
  });
});
