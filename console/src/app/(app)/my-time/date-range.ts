import type { Period } from './time-report';

/** A range of local days, both included, `YYYY-MM-DD`. */
export interface DayRange {
  from: string;
  to: string;
}

/** Bars a chart may hold per period: more would be too thin to read. */
export const MAX_BARS: Record<Period, number> = { day: 92, week: 104, month: 60 };

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

function isDay(text: string): boolean {
  if (!DAY_PATTERN.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

function daysBetween(from: string, to: string): number {
  return (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
}

/** How many bars `range` makes in `period` (a week from its Monday, a month from its first). */
export function barsIn(period: Period, range: DayRange): number {
  if (period === 'day') return daysBetween(range.from, range.to) + 1;
  if (period === 'week') {
    const monday = (day: string) => {
      const date = new Date(`${day}T00:00:00Z`);
      date.setUTCDate(date.getUTCDate() - ((date.getUTCDay() + 6) % 7));
      return date.toISOString().slice(0, 10);
    };
    return daysBetween(monday(range.from), monday(range.to)) / 7 + 1;
  }
  const months = (day: string) => Number(day.slice(0, 4)) * 12 + Number(day.slice(5, 7)) - 1;
  return months(range.to) - months(range.from) + 1;
}

/**
 * The range a person asked for in the date-range picker, or why it cannot be shown. Both ends
 * or neither: no range means the period's default. `today` is the person's local day.
 */
export function parseDayRange(
  input: { from?: string; to?: string },
  period: Period,
  today: string,
): { range?: DayRange; error?: string } {
  const from = input.from?.trim() ?? '';
  const to = input.to?.trim() ?? '';
  if (!from && !to) return {};
  if (!from || !to) return { error: 'Give both a start and an end date.' };
  if (!isDay(from)) return { error: `The start date “${from}” is not a date (YYYY-MM-DD).` };
  if (!isDay(to)) return { error: `The end date “${to}” is not a date (YYYY-MM-DD).` };
  if (to < from) return { error: `The end date ${to} is before the start date ${from}.` };
  if (from > today)
    return { error: `The start date ${from} is in the future (today is ${today}).` };
  if (to > today) return { error: `The end date ${to} is in the future (today is ${today}).` };
  const bars = barsIn(period, { from, to });
  if (bars > MAX_BARS[period]) {
    const unit = { day: 'days', week: 'weeks', month: 'months' }[period];
    return {
      error: `${from} to ${to} is ${bars} ${unit}; the chart shows at most ${MAX_BARS[period]} ${unit}. Choose a shorter range or a longer period.`,
    };
  }
  return { range: { from, to } };
}
