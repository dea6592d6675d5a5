import {
  dayOf,
  type LogView,
  nextDay,
  type PingState,
  startOfDay,
  viewPingStatus,
  viewStats,
  weekOf,
} from '@tagtime/log';
import { chooseChartTags, OTHER_TAG, rankOf, tagColor } from './chart-tags';
import type { DayRange } from './date-range';

export type Period = 'day' | 'week' | 'month';

/** How far back each period's chart and table go. */
export const PERIOD_SPAN: Record<Period, { count: number; label: string }> = {
  day: { count: 14, label: 'the last 14 days' },
  week: { count: 12, label: 'the last 12 weeks' },
  month: { count: 12, label: 'the last 12 months' },
};

export interface TagHours {
  tag: string;
  pings: number;
  hours: number;
  /** Share of the answered pings of the range, 0–1. */
  share: number;
}

export interface RecentPing {
  ping: number;
  state: PingState;
  tags: string[];
  note?: string;
  auto: boolean;
  /** The device whose record gave the answer shown. */
  device?: string;
}

export interface TimeReport {
  period: Period;
  timeZone: string;
  gapSeconds: number;
  /** The local days the chart and table cover, both included. */
  range: DayRange;
  /** Oldest first: each period's label and estimated hours per charted tag (and "other"). */
  periods: Array<{ label: string; pings: number; hours: Record<string, number> }>;
  tags: TagHours[];
  /** The tags the chart names (the rest are "other"). */
  chartTags: string[];
  /** What the chart draws, in order: the named tags, then "other" when a bar holds some. */
  series: Array<{ key: string; color: string }>;
  recent: RecentPing[];
  missed: { missed: number; unanswered: number; answered: number; pings: RecentPing[] };
  /** Every tag of the shown answers, for the rename form. */
  allTags: string[];
}

const DAY_S = 24 * 60 * 60;

function shiftDay(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** The period's usual range: its last `PERIOD_SPAN` days, weeks or months up to today. */
export function defaultRange(period: Period, today: string): DayRange {
  const { count } = PERIOD_SPAN[period];
  if (period === 'day') return { from: shiftDay(today, -(count - 1)), to: today };
  if (period === 'week') return { from: shiftDay(weekOf(today), -7 * (count - 1)), to: today };
  const date = new Date(`${today.slice(0, 7)}-01T00:00:00Z`);
  date.setUTCMonth(date.getUTCMonth() - (count - 1));
  return { from: date.toISOString().slice(0, 10), to: today };
}

/** Where the first bar of `range` starts: its day, its week's Monday, its month's first. */
function firstDay(period: Period, range: DayRange): string {
  if (period === 'week') return weekOf(range.from);
  if (period === 'month') return `${range.from.slice(0, 7)}-01`;
  return range.from;
}

/** Tags the chart names at least, before more are added to keep "other" small. */
const CHART_TAGS = 7;

/**
 * Where a person's time went, from their folded view: hours per tag (pings × the schedule's
 * gap) per day, week or month, the recent pings with their answers, and the missed ones.
 */
export function timeReport(
  view: LogView,
  options: {
    period: Period;
    timeZone: string;
    now: number;
    /** The days to chart and count (default: the period's usual range up to today). */
    range?: DayRange;
    /**
     * Unix seconds when the person started (`startedAt`): pings before it are nobody's missed
     * pings, so a new account does not open on a week of "unanswered".
     */
    since?: number;
  },
): TimeReport {
  const { period, timeZone } = options;
  const nowSeconds = Math.floor(options.now / 1000);
  const today = dayOf(nowSeconds, timeZone);
  const range = options.range ?? defaultRange(period, today);
  const start = firstDay(period, range);
  const end = Math.min(startOfDay(nextDay(range.to), timeZone), nowSeconds + 1);
  const stats = viewStats(view, { timeZone, from: startOfDay(range.from, timeZone), to: end });
  const gapHours = stats.gap / 3600;
  const buckets = new Map<string, { pings: number; counts: Record<string, number> }>();
  const source = period === 'week' ? stats.weeks : stats.days;
  for (const totals of source) {
    const label = period === 'month' ? totals.period.slice(0, 7) : totals.period;
    const bucket = buckets.get(label) ?? { pings: 0, counts: {} };
    bucket.pings += totals.pings;
    // The chart stacks each ping's time split among its tags, so a bar is the hours answered.
    for (const [tag, n] of Object.entries(totals.shares))
      bucket.counts[tag] = (bucket.counts[tag] ?? 0) + n;
    buckets.set(label, bucket);
  }
  const chartTags = chooseChartTags(
    [...buckets.values()].map((bucket) => bucket.counts),
    stats.tags.map((tag) => tag.tag),
    CHART_TAGS,
  );
  // Every period of the range has its bar, the empty ones too.
  for (const label of periodLabels(period, start, range.to)) {
    if (!buckets.has(label)) buckets.set(label, { pings: 0, counts: {} });
  }
  const periods = [...buckets.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([label, bucket]) => {
      const hours: Record<string, number> = {};
      for (const [tag, n] of Object.entries(bucket.counts)) {
        const key = chartTags.includes(tag) ? tag : OTHER_TAG;
        hours[key] = round((hours[key] ?? 0) + n * gapHours);
      }
      return { label, pings: bucket.pings, hours };
    });
  const tags = stats.tags.map((tag) => ({
    tag: tag.tag,
    pings: tag.count,
    hours: round(tag.seconds / 3600),
    share: stats.pings === 0 ? 0 : tag.count / stats.pings,
  }));
  const status = viewPingStatus(view, {
    from: shiftDay(today, -6),
    to: today,
    timeZone,
    now: nowSeconds,
  });
  const withAnswer = ({ ping, state }: { ping: number; state: PingState }): RecentPing => {
    const answer = view.answer(ping);
    return answer
      ? {
          ping,
          state,
          tags: answer.tags,
          auto: answer.auto,
          device: answer.device,
          ...(answer.note !== undefined ? { note: answer.note } : {}),
        }
      : { ping, state, tags: [], auto: false };
  };
  const theirs = status.pings.filter((p) => p.ping >= (options.since ?? 0));
  const counted = (state: PingState) => theirs.filter((p) => p.state === state).length;
  const recentSince = nowSeconds - 2 * DAY_S;
  const recent = theirs
    .filter((p) => p.ping >= recentSince)
    .slice(-25)
    .reverse()
    .map(withAnswer);
  const missedPings = theirs
    .filter((p) => p.state !== 'answered')
    .slice(-20)
    .reverse()
    .map(withAnswer);
  const allTags = view.tagsInUse();
  // Colours follow the ranking over every answer, so a tag looks the same in every view.
  const overall = overallRank(view);
  const series = [
    ...chartTags,
    ...(periods.some((row) => (row.hours[OTHER_TAG] ?? 0) > 0) ? [OTHER_TAG] : []),
  ].map((key) => ({ key, color: tagColor(key, overall) }));
  return {
    period,
    timeZone,
    gapSeconds: stats.gap,
    range,
    periods,
    tags,
    chartTags,
    series,
    recent,
    missed: {
      missed: counted('missed'),
      unanswered: counted('unanswered'),
      answered: counted('answered'),
      pings: missedPings,
    },
    allTags,
  };
}

/**
 * The person's tags ranked over all their answers, counted again only once the view has taken
 * new records: a page view of a long history does not go through every answer to colour it.
 */
const rankings = new WeakMap<LogView, { heads: string; rank: Map<string, number> }>();

function overallRank(view: LogView): Map<string, number> {
  const heads = JSON.stringify(view.heads());
  const kept = rankings.get(view);
  if (kept?.heads === heads) return kept.rank;
  const rank = rankOf(viewStats(view).tags.map((tag) => tag.tag));
  rankings.set(view, { heads, rank });
  return rank;
}

function periodLabels(period: Period, start: string, today: string): string[] {
  const labels: string[] = [];
  if (period === 'month') {
    for (let month = start.slice(0, 7); month <= today.slice(0, 7); ) {
      labels.push(month);
      const next = new Date(`${month}-01T00:00:00Z`);
      next.setUTCMonth(next.getUTCMonth() + 1);
      month = next.toISOString().slice(0, 7);
    }
    return labels;
  }
  const step = period === 'week' ? 7 : 1;
  for (let day = start; day <= today; day = shiftDay(day, step)) labels.push(day);
  return labels;
}

function round(hours: number): number {
  return Math.round(hours * 100) / 100;
}

/**
 * When a person started, for `timeReport`'s `since`: their account's creation, or their first
 * answer if that is older (a log imported or synced from before the account).
 */
export function startedAt(view: LogView, accountCreatedAt: Date): number {
  const since = Math.floor(accountCreatedAt.getTime() / 1000);
  const first = view.answersBetween(Number.NEGATIVE_INFINITY, since, 1)[0];
  return first ? first.ping : since;
}
