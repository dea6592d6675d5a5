import { dayOf, type LogView, type PingState, startOfDay, weekOf } from '@tagtime/log';

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
  /** Oldest first: each period's label and hours per tag. */
  periods: Array<{ label: string; pings: number; hours: Record<string, number> }>;
  tags: TagHours[];
  /** The tags the chart names (the rest are "other"). */
  chartTags: string[];
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

function firstDay(period: Period, today: string): string {
  const { count } = PERIOD_SPAN[period];
  if (period === 'day') return shiftDay(today, -(count - 1));
  if (period === 'week') return shiftDay(weekOf(today), -7 * (count - 1));
  const date = new Date(`${today.slice(0, 7)}-01T00:00:00Z`);
  date.setUTCMonth(date.getUTCMonth() - (count - 1));
  return date.toISOString().slice(0, 10);
}

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
  const start = firstDay(period, today);
  const stats = view.stats({ timeZone, from: startOfDay(start, timeZone), to: nowSeconds + 1 });
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
  const chartTags = stats.tags.slice(0, CHART_TAGS).map((tag) => tag.tag);
  // Every period of the range has its bar, the empty ones too.
  for (const label of periodLabels(period, start, today)) {
    if (!buckets.has(label)) buckets.set(label, { pings: 0, counts: {} });
  }
  const periods = [...buckets.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([label, bucket]) => {
      const hours: Record<string, number> = {};
      for (const [tag, n] of Object.entries(bucket.counts)) {
        const key = chartTags.includes(tag) ? tag : 'other';
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
  const status = view.pingStatus({
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
  return {
    period,
    timeZone,
    gapSeconds: stats.gap,
    periods,
    tags,
    chartTags,
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
