import { dayOf, type LogView } from '@tagtime/log';
import type { z } from 'zod';
import { barsIn, type DayRange, MAX_BARS, parseDayRange } from './date-range';
import type { myTimeQuerySchema } from './schema';
import { PERIOD_SPAN, type Period, startedAt, type TimeReport, timeReport } from './time-report';

export interface ChartView {
  period: Period;
  /** The range the person asked for, when it can be shown. */
  range?: DayRange;
  /** Why the asked range cannot be shown (the default range is shown instead). */
  error?: string;
  /** "the last 14 days", "2026-10-01 to 2026-10-31". */
  label: string;
}

/** The period and range a My time query asks for, checked against the person's today. */
export function chartView(query: z.output<typeof myTimeQuerySchema>, today: string): ChartView {
  const { period } = query;
  const { range, error } = parseDayRange(query, period, today);
  return {
    period,
    ...(range ? { range } : {}),
    ...(error ? { error } : {}),
    label: range ? `${range.from} to ${range.to}` : PERIOD_SPAN[period].label,
  };
}

/** The query string of `view` in another period: the range goes along when it fits there. */
export function periodQuery(view: ChartView, period: Period): string {
  const params = new URLSearchParams({ period });
  if (view.range && barsIn(period, view.range) <= MAX_BARS[period]) {
    params.set('from', view.range.from);
    params.set('to', view.range.to);
  }
  return params.toString();
}

/** The report My time shows (and its CSV holds) for a view of the person's log. */
export function reportFor(
  log: LogView,
  view: ChartView,
  person: { timeZone: string; createdAt: Date },
  now: number,
): TimeReport {
  return timeReport(log, {
    period: view.period,
    timeZone: person.timeZone,
    now,
    since: startedAt(log, person.createdAt),
    ...(view.range ? { range: view.range } : {}),
  });
}

export function todayOf(timeZone: string, now: number): string {
  return dayOf(Math.floor(now / 1000), timeZone);
}
