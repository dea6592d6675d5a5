import { foldLog, type LogRecord, LogView } from '@tagtime/log';
import { describe, expect, it } from 'vitest';
import { startedAt, timeReport } from '../src/app/(app)/my-time/time-report';

const NOW = Date.UTC(2026, 10, 20, 18); // Friday 2026-11-20 18:00 UTC

function answers(): LogRecord[] {
  const start = NOW / 1000 - 3 * 24 * 3600;
  const pings = new LogView().schedule().pingsBetween(start, NOW / 1000);
  return pings.map((ping, i) => ({
    device: i % 2 ? 'watch' : 'phone',
    t: ping * 1000 + 1000,
    kind: 'ping',
    body: { ping, tags: i % 3 === 0 ? ['eat'] : ['work'] },
  }));
}

describe('timeReport', () => {
  it('gives hours per tag per day with every day of the range, and the recent pings', () => {
    const records = answers();
    const view = foldLog(records);
    const report = timeReport(view, { period: 'day', timeZone: 'UTC', now: NOW });
    expect(report.periods).toHaveLength(14);
    expect(report.periods[0]?.label).toBe('2026-11-07');
    expect(report.periods.at(-1)?.label).toBe('2026-11-20');
    const work = records.filter((r) => r.kind === 'ping' && r.body.tags[0] === 'work').length;
    expect(report.tags.find((t) => t.tag === 'work')).toMatchObject({
      pings: work,
      hours: Math.round(((work * 2700) / 3600) * 100) / 100,
    });
    const hours = report.periods.reduce((sum, p) => sum + (p.hours.work ?? 0), 0);
    expect(hours).toBeCloseTo((work * 2700) / 3600, 1);
    const newest = report.recent[0];
    expect(newest?.state).toBe('answered');
    expect(['watch', 'phone']).toContain(newest?.device);
    expect(report.allTags).toEqual(['eat', 'work']);
  });

  it('stacks a ping with several tags as its time once: no day holds more than it answered', () => {
    const start = NOW / 1000 - 24 * 3600;
    const pings = new LogView().schedule().pingsBetween(start, NOW / 1000);
    const view = foldLog(
      pings.map((ping) => ({
        device: 'watch',
        t: ping * 1000 + 1000,
        kind: 'ping',
        body: { ping, tags: ['work', 'code', 'review'] },
      })),
    );
    const report = timeReport(view, { period: 'day', timeZone: 'UTC', now: NOW });
    for (const period of report.periods) {
      const stacked = Object.values(period.hours).reduce((sum, h) => sum + h, 0);
      expect(stacked).toBeCloseTo((period.pings * 2700) / 3600, 1);
    }
    // The table still counts the whole ping for each tag.
    const whole = report.tags.find((t) => t.tag === 'code');
    expect(whole?.pings).toBe(pings.length);
    expect(whole?.hours).toBeCloseTo((pings.length * 2700) / 3600, 1);
  });

  it('adds days up into weeks (from Mondays) and months', () => {
    const view = foldLog(answers());
    const weeks = timeReport(view, { period: 'week', timeZone: 'UTC', now: NOW });
    expect(weeks.periods).toHaveLength(12);
    expect(weeks.periods.at(-1)?.label).toBe('2026-11-16');
    const months = timeReport(view, { period: 'month', timeZone: 'UTC', now: NOW });
    expect(months.periods.map((p) => p.label).slice(-2)).toEqual(['2026-10', '2026-11']);
    expect(months.periods).toHaveLength(12);
  });

  it('counts the unanswered pings of the last week as missed', () => {
    const report = timeReport(new LogView(), { period: 'day', timeZone: 'UTC', now: NOW });
    expect(report.tags).toEqual([]);
    expect(report.missed.answered).toBe(0);
    expect(report.missed.unanswered).toBeGreaterThan(100);
    expect(report.missed.pings.every((p) => p.state === 'unanswered')).toBe(true);
  });

  it('does not count the pings before the person started as missed', () => {
    const signedUp = new Date(NOW - 3600_000);
    const fresh = new LogView();
    const report = timeReport(fresh, {
      period: 'day',
      timeZone: 'UTC',
      now: NOW,
      since: startedAt(fresh, signedUp),
    });
    const inTheHour = new LogView().schedule().pingsBetween(NOW / 1000 - 3600, NOW / 1000 + 1);
    expect(report.missed.unanswered).toBe(inTheHour.length);
    expect(report.missed.pings.every((p) => p.ping >= signedUp.getTime() / 1000)).toBe(true);
    // Answers older than the account (an import) move the start back to the first of them.
    const view = foldLog(answers());
    const first = Math.min(...view.answers().map((a) => a.ping));
    expect(startedAt(view, signedUp)).toBe(first);
  });
});
