import { type LogRecord, LogView } from '@tagtime/log';
import { describe, expect, test } from 'vitest';
import { countPingsSince, pingReport } from '../../src/admin/ping-report.js';
import { storePerTest } from '../helpers/temp-store.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const NOW = Date.UTC(2026, 10, 20, 12);
const temp = storePerTest();

describe('pings of the staff overview', () => {
  test('count from the first record: the empty days before it have no unanswered pings', async () => {
    const schedule = new LogView().schedule();
    // Nine days without a record, then an app start and answers to every second ping.
    const start = NOW - 21 * DAY_MS;
    const pings = schedule.pingsBetween(start / 1000, NOW / 1000);
    const records: LogRecord[] = [
      { device: 'watch', t: start, kind: 'event', body: { name: 'app-start' } },
      ...pings
        .filter((_, i) => i % 2 === 0)
        .map((ping, i) => ({
          device: 'watch',
          t: ping * 1000 + 1000 + i,
          kind: 'ping' as const,
          body: { ping, tags: ['work'] },
        })),
    ];
    await temp.store.append('usr_a', 'watch', records);
    const report = await pingReport(temp.store, 'usr_a', {
      from: NOW - 30 * DAY_MS,
      to: NOW,
      timeZone: 'UTC',
      now: NOW,
    });
    const answered = Math.ceil(pings.length / 2);
    expect(report.answered).toBe(answered);
    expect(report.unanswered).toBe(pings.length - answered);
    expect(report.days[0]?.day).toBe('2026-10-30');
    const perDay = report.days.reduce((sum, d) => sum + d.answered + d.unanswered + d.missed, 0);
    expect(perDay).toBe(pings.length);
  });

  test('an imported answer older than the first record moves the start back to its ping', async () => {
    const schedule = new LogView().schedule();
    const old = schedule.pingsBetween((NOW - 25 * DAY_MS) / 1000, NOW / 1000)[0] as number;
    await temp.store.append('usr_b', 'console', [
      { device: 'console', t: NOW - DAY_MS, kind: 'ping', body: { ping: old, tags: ['read'] } },
    ]);
    const report = await pingReport(temp.store, 'usr_b', {
      from: NOW - 30 * DAY_MS,
      to: NOW,
      timeZone: 'UTC',
      now: NOW,
    });
    expect(report.answered).toBe(1);
    expect(report.unanswered).toBe(schedule.pingsBetween(old, NOW / 1000).length - 1);
  });

  test('countPingsSince leaves out the pings before the start, day by day', () => {
    const counts = countPingsSince(
      [
        { ping: 10, state: 'unanswered' },
        { ping: 20, state: 'answered' },
        { ping: 30, state: 'missed' },
        { ping: 40, state: 'unanswered' },
      ],
      20,
      (ping) => (ping < 35 ? 'd1' : 'd2'),
    );
    expect(counts).toEqual({
      answered: 1,
      missed: 1,
      unanswered: 1,
      days: [
        { day: 'd1', answered: 1, missed: 1, unanswered: 0 },
        { day: 'd2', answered: 0, missed: 0, unanswered: 1 },
      ],
    });
  });
});
