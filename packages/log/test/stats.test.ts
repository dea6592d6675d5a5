import { createSchedule, pingsBetween } from '@tagtime/ping';
import { describe, expect, it } from 'vitest';
import {
  type Answer,
  foldLog,
  type LogRecord,
  startOfDay,
  tagStatistics,
  viewPingStatus,
  viewStats,
  weekOf,
} from '../src/index.js';

const mk = (ping: number, tags: string[], auto = false): Answer => ({
  ping,
  tags,
  auto,
  device: 'a',
  t: ping * 1000,
});

describe('time zones', () => {
  it('finds the start of local days, across DST changes', () => {
    expect(startOfDay('2023-11-14', 'UTC')).toBe(1699920000);
    expect(startOfDay('2023-11-14', 'America/New_York')).toBe(1699938000);
    expect(startOfDay('2024-03-10', 'America/New_York')).toBe(1710046800);
    expect(startOfDay('2024-03-11', 'America/New_York')).toBe(1710129600); // a 23-hour day
    // Santiago skips from 00:00 to 01:00 on 2024-09-08: the day starts at 01:00 local.
    expect(startOfDay('2024-09-08', 'America/Santiago')).toBe(1725768000);
  });

  it('refuses unknown zones and impossible dates clearly', () => {
    expect(() => startOfDay('2023-11-14', 'Mars/Olympus')).toThrow(
      'unknown time zone "Mars/Olympus" (expected an IANA name like Europe/Paris)',
    );
    expect(() => startOfDay('2023-02-30', 'UTC')).toThrow(
      '"2023-02-30" is not a calendar date YYYY-MM-DD',
    );
  });

  it('starts weeks on Monday', () => {
    expect(weekOf('2023-11-14')).toBe('2023-11-13');
    expect(weekOf('2023-11-13')).toBe('2023-11-13');
    expect(weekOf('2023-11-19')).toBe('2023-11-13');
    expect(weekOf('2024-01-01')).toBe('2024-01-01');
  });
});

describe('tagStatistics', () => {
  it('counts tags, estimates time as count × gap and builds day and week series', () => {
    // 22:00 UTC on Sunday 2023-11-19 is Monday 2023-11-20 in Tokyo (UTC+9).
    const sunday = Date.UTC(2023, 10, 19, 22) / 1000;
    const answers = [
      mk(Date.UTC(2023, 10, 14, 9) / 1000, ['work', 'code']),
      mk(Date.UTC(2023, 10, 14, 10) / 1000, ['work']),
      mk(sunday, ['sleep']),
      mk(sunday + 60, ['afk', 'off'], true),
    ];
    const utc = tagStatistics(answers, { gap: 2700 });
    expect(utc.pings).toBe(4);
    expect(utc.tags.map((t) => [t.tag, t.count, t.seconds])).toEqual([
      ['work', 2, 5400],
      ['afk', 1, 2700],
      ['code', 1, 2700],
      ['off', 1, 2700],
      ['sleep', 1, 2700],
    ]);
    expect(utc.days.map((d) => [d.period, d.pings])).toEqual([
      ['2023-11-14', 2],
      ['2023-11-19', 2],
    ]);
    expect(utc.weeks.map((w) => [w.period, w.pings, { ...w.tags }])).toEqual([
      ['2023-11-13', 4, { work: 2, code: 1, sleep: 1, afk: 1, off: 1 }],
    ]);
    const tokyo = tagStatistics(answers, { timeZone: 'Asia/Tokyo' });
    expect(tokyo.gap).toBe(2700);
    expect(tokyo.days.map((d) => d.period)).toEqual(['2023-11-14', '2023-11-20']);
    expect(tokyo.weeks.map((w) => [w.period, w.pings])).toEqual([
      ['2023-11-13', 2],
      ['2023-11-20', 2],
    ]);
    expect(tagStatistics(answers, { from: sunday }).pings).toBe(2);
  });

  it('uses the gap of the user schedule in the view', () => {
    const view = foldLog([
      { device: 'a', t: 1, kind: 'ping', body: { ping: 1700003368, tags: ['x'] } },
    ]);
    expect(viewStats(view).tags).toEqual([{ tag: 'x', count: 1, seconds: 2700 }]);
  });
});

describe('pingStatus', () => {
  const answers: LogRecord[] = [
    { device: 'w', t: 1700003400000, kind: 'ping', body: { ping: 1700003368, tags: ['work'] } },
    {
      device: 'w',
      t: 1700003700000,
      kind: 'ping',
      body: { ping: 1700003660, tags: ['afk'], auto: true },
    },
    // A person answered 1700009822 after the watch's automatic answer: answered, not missed.
    {
      device: 'w',
      t: 1700009900000,
      kind: 'ping',
      body: { ping: 1700009822, tags: ['off'], auto: true },
    },
    { device: 'p', t: 1700010000000, kind: 'ping', body: { ping: 1700009822, tags: ['bike'] } },
  ];

  it('classifies every scheduled ping of a period as answered, missed or unanswered', () => {
    const view = foldLog(answers);
    const now = 1700012000;
    const report = viewPingStatus(view, {
      from: '2023-11-14',
      to: '2023-11-15',
      timeZone: 'UTC',
      now,
    });
    const expected = pingsBetween(1699920000, now + 1); // midnight UTC 2023-11-14 to now
    expect(report.pings.map((p) => p.ping)).toEqual(expected);
    const state = Object.fromEntries(report.pings.map((p) => [p.ping, p.state]));
    expect(state[1700003368]).toBe('answered');
    expect(state[1700003660]).toBe('missed');
    expect(state[1700009822]).toBe('answered');
    expect(report.answered).toBe(2);
    expect(report.missed).toBe(1);
    expect(report.unanswered).toBe(expected.length - 3);
    expect(report.days.map((d) => d.day)).toEqual(['2023-11-14', '2023-11-15']);
    const sum = report.days.reduce((n, d) => n + d.answered + d.missed + d.unanswered, 0);
    expect(sum).toBe(expected.length);
    expect(report.days[1]).toEqual({ day: '2023-11-15', answered: 1, missed: 0, unanswered: 0 });
  });

  it('uses the zone for the period bounds and the schedule from config', () => {
    const view = foldLog([
      ...answers,
      { device: 'p', t: 1, kind: 'config', body: { key: 'schedule', value: 'ttw' } },
    ]);
    const report = viewPingStatus(view, {
      from: '2023-11-14',
      to: '2023-11-14',
      timeZone: 'America/New_York',
    });
    const ttw = createSchedule({ kind: 'ttw' });
    expect(report.pings.map((p) => p.ping)).toEqual(
      ttw.pingsBetween(1699938000, 1699938000 + 86400),
    );
  });

  it('refuses a period that ends before it starts', () => {
    expect(() =>
      viewPingStatus(foldLog([]), { from: '2023-11-15', to: '2023-11-14', timeZone: 'UTC' }),
    ).toThrow('period starts (2023-11-15) after it ends (2023-11-14)');
  });
});
