import { GAP } from '@tagtime/ping';
import type { Answer } from './answers.js';
import { DayKeyer, weekOf } from './zone.js';

export interface TagTotal {
  tag: string;
  /** Pings answered with this tag. */
  count: number;
  /** Time estimate: count × gap, in seconds. */
  seconds: number;
}

/** Pings and per-tag counts over one day or week. */
export interface PeriodTotals {
  /** `YYYY-MM-DD`: the day, or the Monday that starts the week. */
  period: string;
  pings: number;
  /** Count per tag (an object without prototype, so any tag is a safe key). */
  tags: Record<string, number>;
  /**
   * Pings per tag with each ping split among its tags (a "work code" ping adds ½ to each), so
   * the shares of a period add up to its pings: what a stacked chart of hours can show without
   * a day of more than 24 hours.
   */
  shares: Record<string, number>;
}

export interface TagStatistics {
  timeZone: string;
  gap: number;
  /** Answered pings counted (with or without tags). */
  pings: number;
  /** Most-used tags first (ties by name). */
  tags: TagTotal[];
  days: PeriodTotals[];
  weeks: PeriodTotals[];
}

export interface TagStatisticsOptions {
  /** IANA zone that decides which day a ping falls on; default UTC. */
  timeZone?: string;
  /** Mean gap between pings in seconds, for time estimates; default 2700. */
  gap?: number;
  /** Only pings at or after this unix second. */
  from?: number;
  /** Only pings before this unix second. */
  to?: number;
}

function bump(totals: Map<string, PeriodTotals>, period: string, tags: readonly string[]): void {
  let entry = totals.get(period);
  if (!entry) {
    entry = { period, pings: 0, tags: Object.create(null), shares: Object.create(null) };
    totals.set(period, entry);
  }
  entry.pings++;
  for (const tag of tags) {
    entry.tags[tag] = (entry.tags[tag] ?? 0) + 1;
    entry.shares[tag] = (entry.shares[tag] ?? 0) + 1 / tags.length;
  }
}

const byPeriod = (a: PeriodTotals, b: PeriodTotals): number => (a.period < b.period ? -1 : 1);

/** Tag counts, time estimates and per-day/per-week series of a list of answers. */
export function tagStatistics(
  answers: Iterable<Answer>,
  options: TagStatisticsOptions = {},
): TagStatistics {
  const timeZone = options.timeZone ?? 'UTC';
  const gap = options.gap ?? GAP;
  const from = options.from ?? Number.NEGATIVE_INFINITY;
  const to = options.to ?? Number.POSITIVE_INFINITY;
  const days = DayKeyer.for(timeZone);
  const counts = new Map<string, number>();
  const perDay = new Map<string, PeriodTotals>();
  const perWeek = new Map<string, PeriodTotals>();
  const weekOfDay = new Map<string, string>();
  let pings = 0;
  for (const answer of answers) {
    if (answer.ping < from || answer.ping >= to) continue;
    pings++;
    for (const tag of answer.tags) counts.set(tag, (counts.get(tag) ?? 0) + 1);
    const day = days.dayOf(answer.ping);
    let week = weekOfDay.get(day);
    if (week === undefined) {
      week = weekOf(day);
      weekOfDay.set(day, week);
    }
    bump(perDay, day, answer.tags);
    bump(perWeek, week, answer.tags);
  }
  const tags = [...counts]
    .map(([tag, count]) => ({ tag, count, seconds: count * gap }))
    .sort((a, b) => b.count - a.count || (a.tag < b.tag ? -1 : 1));
  return {
    timeZone,
    gap,
    pings,
    tags,
    days: [...perDay.values()].sort(byPeriod),
    weeks: [...perWeek.values()].sort(byPeriod),
  };
}
