import { foldLog, type LogRecord, LogView } from '@tagtime/log';
import { describe, expect, it } from 'vitest';
import { chartCsv } from '../src/app/(app)/my-time/chart-csv';
import {
  chooseChartTags,
  NAME_PALETTE,
  OTHER_SHARE_LIMIT,
  otherShare,
  rankOf,
  TOP_PALETTE,
  tagColor,
} from '../src/app/(app)/my-time/chart-tags';
import { parseDayRange } from '../src/app/(app)/my-time/date-range';
import { timeReport } from '../src/app/(app)/my-time/time-report';
import { csvCell } from '../src/lib/csv';

const NOW = Date.UTC(2026, 10, 20, 18); // Friday 2026-11-20 18:00 UTC

/**
 * Answers over `days` days: "work" and "eat" until two weeks ago, then "code", and 15 tags
 * evenly in the last three days (so no handful of tags covers four fifths of those days).
 */
function manyTags(days: number): LogRecord[] {
  const pings = new LogView().schedule().pingsBetween(NOW / 1000 - days * 86400, NOW / 1000);
  return pings.map((ping, i) => {
    const age = NOW / 1000 - ping;
    const tag =
      age < 3 * 86400 ? `t${i % 15}` : age < 14 * 86400 ? 'code' : i % 3 === 0 ? 'eat' : 'work';
    return { device: 'watch', t: ping * 1000 + 1000, kind: 'ping', body: { ping, tags: [tag] } };
  });
}

describe('tag colours', () => {
  it('follow the overall ranking, not the rank inside one view', () => {
    const view = foldLog(manyTags(120));
    const colours = (period: 'day' | 'week' | 'month') =>
      Object.fromEntries(
        timeReport(view, { period, timeZone: 'UTC', now: NOW }).series.map((s) => [s.key, s.color]),
      );
    const days = colours('day');
    const weeks = colours('week');
    const months = colours('month');
    // "code" leads the last 14 days, while over weeks and months "work" and "eat" lead: it
    // keeps the colour of its overall rank (third) in all three.
    expect(Object.keys(days)[0]).toBe('code');
    expect(days.code).toBe(TOP_PALETTE[2]);
    expect(weeks.code).toBe(days.code);
    expect(months.code).toBe(days.code);
    expect(weeks.work).toBe(TOP_PALETTE[0]);
    for (const tag of Object.keys(days)) {
      if (weeks[tag]) expect(weeks[tag]).toBe(days[tag]);
      if (months[tag]) expect(months[tag]).toBe(days[tag]);
    }
  });

  it('give tags past the palette a colour by name, the same whatever else is there', () => {
    const rank = rankOf(TOP_PALETTE.map((_, i) => `top${i}`));
    expect(tagColor('top0', rank)).toBe(TOP_PALETTE[0]);
    expect(tagColor('rare', rank)).toBe(tagColor('rare', rankOf(['x'])));
    expect(NAME_PALETTE).toContain(tagColor('rare', rank));
    expect(tagColor('other', rank)).toBe('#94a3b8');
  });
});

describe('"other" in the chart', () => {
  it('stays under a fifth of every bar: more tags are named where it would not', () => {
    const bars: Array<Record<string, number>> = [
      { a: 10, b: 5 },
      { c: 1, d: 1, e: 1, f: 1, g: 1, h: 1, i: 1, j: 1, k: 1, l: 1 },
    ];
    const named = chooseChartTags(
      bars,
      ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l'],
      3,
    );
    for (const bar of bars) expect(otherShare(bar, new Set(named))).toBeLessThan(OTHER_SHARE_LIMIT);
    expect(named.slice(0, 3)).toEqual(['a', 'b', 'c']);
  });

  it('holds in the report of a period with many tags', () => {
    const report = timeReport(foldLog(manyTags(30)), { period: 'day', timeZone: 'UTC', now: NOW });
    expect(report.chartTags.length).toBeGreaterThan(7);
    for (const period of report.periods) {
      const total = Object.values(period.hours).reduce((sum, h) => sum + h, 0);
      if (total > 0) expect((period.hours.other ?? 0) / total).toBeLessThan(OTHER_SHARE_LIMIT);
    }
  });
});

describe('the date range', () => {
  const today = '2026-11-20';
  it('takes a range of days up to today', () => {
    expect(parseDayRange({ from: '2026-11-01', to: '2026-11-20' }, 'day', today)).toEqual({
      range: { from: '2026-11-01', to: '2026-11-20' },
    });
    expect(parseDayRange({}, 'day', today)).toEqual({});
  });
  it.each([
    [{ from: '2026-11-10', to: '2026-11-01' }, 'day', /end date 2026-11-01 is before the start/],
    [{ from: '2026-11-10', to: '2026-11-21' }, 'day', /end date 2026-11-21 is in the future/],
    [{ from: '2026-01-01', to: '2026-11-20' }, 'day', /324 days; the chart shows at most 92/],
    [{ from: '2020-01-01', to: '2026-11-20' }, 'month', /83 months; .* at most 60/],
    [{ from: '2026-02-30', to: '2026-03-01' }, 'day', /not a date/],
    [{ from: '2026-11-01' }, 'day', /both a start and an end/],
  ] as const)('refuses %o in %s with a clear message', (input, period, message) => {
    const { range, error } = parseDayRange(input, period, today);
    expect(range).toBeUndefined();
    expect(error).toMatch(message);
  });
  it('shows exactly the asked days', () => {
    const report = timeReport(foldLog(manyTags(40)), {
      period: 'day',
      timeZone: 'UTC',
      now: NOW,
      range: { from: '2026-10-20', to: '2026-10-25' },
    });
    expect(report.periods.map((p) => p.label)).toEqual([
      '2026-10-20',
      '2026-10-21',
      '2026-10-22',
      '2026-10-23',
      '2026-10-24',
      '2026-10-25',
    ]);
  });
});

describe('the chart as CSV', () => {
  it('escapes quotes, commas, line breaks and formula starts', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(csvCell('@cmd,x')).toBe(`"'@cmd,x"`);
    expect(csvCell(2.25)).toBe('2.25');
  });

  it('holds one row per bar and one column per series, as the chart has them', () => {
    const report = timeReport(foldLog(manyTags(5)), { period: 'day', timeZone: 'UTC', now: NOW });
    const csv = chartCsv({
      periodLabel: 'day',
      periods: report.periods,
      series: report.series.map((s) => s.key),
    });
    const lines = csv.trimEnd().split('\r\n');
    expect(lines).toHaveLength(report.periods.length + 1);
    expect(lines[0]).toBe(
      [
        'day',
        ...report.series.map((s) => `${s.key} (estimated hours)`),
        'total (estimated hours)',
      ].join(','),
    );
    const last = report.periods.at(-1);
    const cells = lines.at(-1)?.split(',') ?? [];
    expect(cells[0]).toBe(last?.label);
    report.series.forEach((s, i) => {
      expect(Number(cells[i + 1])).toBe(last?.hours[s.key] ?? 0);
    });
  });
});
