import { dayOf, nextDay, startOfDay, weekOf, zoneOffset } from '@tagtime/log';
import type { AdminHistogram } from '@tagtime/log/protocol';
import {
  type BucketLevel,
  DAY_MS,
  HOUR_MS,
  type KindCounts,
  kindOfJson,
  QUARTER_MS,
} from '../store/bucket-counts.js';
import type { LogStore } from '../store/log-store.js';
import { logCandidates } from './candidates.js';
import { addCounts, countRange, total, visitCounts } from './counts.js';
import { hasText, type ResolvedQuery, recordMatcher } from './log-query.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const WEEK_MS = 7 * DAY_MS;
/** Bucket widths a histogram can have, narrowest first. */
const WIDTHS = [
  SECOND,
  5 * SECOND,
  15 * SECOND,
  30 * SECOND,
  MINUTE,
  5 * MINUTE,
  QUARTER_MS,
  30 * MINUTE,
  HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY_MS,
  WEEK_MS,
];

/** The widths a caller may fix (the bucket counts' own and wider). */
export const HISTOGRAM_WIDTHS = { quarter: QUARTER_MS, hour: HOUR, day: DAY_MS, week: WEEK_MS };

/**
 * Ranges holding at most this many records are counted record by record, so they get narrow
 * bars and text terms apply; larger ones use the bucket counts (quarter hours and wider).
 */
export const MAX_HISTOGRAM_SCAN = 20_000;

/** `YYYY-MM-DD` of a unix ms time in a zone (@tagtime/log's day rule). */
export function localDay(ms: number, timeZone: string): string {
  return dayOf(Math.floor(ms / 1000), timeZone);
}

function addDays(day: string, n: number): string {
  let next = day;
  for (let i = 0; i < n; i++) next = nextDay(next);
  return next;
}

/**
 * Bucket starts covering `[from, to]`: local midnights (or Mondays) for days and weeks, else
 * multiples of the width in local time (every zone offset is a whole number of quarter hours,
 * so buckets of a quarter hour or more always hold whole quarter-hour counts).
 */
export function bucketStarts(from: number, to: number, width: number, timeZone: string): number[] {
  const starts: number[] = [];
  if (width >= DAY_MS) {
    let day = localDay(from, timeZone);
    if (width === WEEK_MS) day = weekOf(day);
    const step = width === WEEK_MS ? 7 : 1;
    for (;;) {
      const start = startOfDay(day, timeZone) * 1000;
      if (start > to) break;
      starts.push(start);
      day = addDays(day, step);
    }
    return starts;
  }
  const offset = zoneOffset(Math.floor(from / 1000), timeZone) * 1000;
  for (let start = Math.floor((from + offset) / width) * width - offset; start <= to; ) {
    starts.push(start);
    start += width;
  }
  return starts;
}

/** The narrowest width giving at most `target` buckets, and never narrower than `minimum`. */
function chooseWidth(span: number, target: number, minimum: number): number {
  return (
    WIDTHS.find((width) => width >= minimum && span / width <= target) ??
    (WIDTHS[WIDTHS.length - 1] as number)
  );
}

/**
 * The index of the bucket holding `t` (starts ascending, `t` at or after the first); visits come
 * in time order, so the search starts at the previous answer.
 */
function bucketIndex(starts: readonly number[], t: number, hint: number): number {
  let i = (starts[hint] as number) <= t ? hint : 0;
  while (i + 1 < starts.length && (starts[i + 1] as number) <= t) i++;
  return i;
}

/**
 * Records per kind over time for a query, about `target` buckets over its range. Wide ranges
 * add up the store's bucket counts (day or hour counts when the bars are whole UTC days or
 * hours), so a month of a million records costs a few thousand index entries.
 */
export function histogram(
  store: LogStore,
  userId: string,
  query: ResolvedQuery,
  options: {
    target: number;
    timeZone: string;
    /** Count per kind (default) or per device. */
    group?: 'kind' | 'device';
    /** A fixed bucket width (one of `HISTOGRAM_WIDTHS`) instead of one chosen for `target`. */
    width?: number;
  },
): AdminHistogram {
  const { from, to } = query;
  const span = Math.max(1, to - from + 1);
  const target = Math.max(1, options.target);
  const fine = chooseWidth(span, target, SECOND);
  const coarse = chooseWidth(span, target, QUARTER_MS);
  // Reading records pays only for narrower bars or text; and only for few enough records.
  let scan = false;
  if (fine < coarse || hasText(query)) {
    let inRange = 0;
    for (const device of query.devices) {
      inRange += total(countRange(store, userId, device, from, to), query.kinds);
    }
    scan = inRange <= MAX_HISTOGRAM_SCAN;
  }
  const width = options.width ?? (scan ? fine : coarse);
  const starts = bucketStarts(from, to, width, options.timeZone);
  const counts: KindCounts[] = starts.map(() => ({}));
  let hint = 0;
  let device = '';
  const byDevice = options.group === 'device';
  const visit = (t: number, add: KindCounts) => {
    hint = bucketIndex(starts, t, hint);
    const into = counts[hint] as KindCounts;
    if (byDevice) into[device] = (into[device] ?? 0) + total(add);
    else addCounts(into, add);
  };
  for (device of query.devices) {
    hint = 0;
    if (scan) {
      const matches = recordMatcher(query);
      const records = logCandidates(
        store,
        userId,
        device,
        { from, to, direction: 'forward', kinds: query.kinds },
        { scanned: 0 },
      );
      for (const record of records) {
        if (matches(record)) visit(record.t, { [kindOfJson(record.json)]: 1 });
      }
      continue;
    }
    const level: BucketLevel = starts.every((start) => start % DAY_MS === 0)
      ? 'day'
      : starts.every((start) => start % HOUR_MS === 0)
        ? 'hour'
        : 'quarter';
    visitCounts(store, userId, device, { from, to, level }, (t, all) => {
      if (query.kinds === undefined) return visit(t, all);
      const kept: KindCounts = {};
      for (const kind of query.kinds) if (all[kind]) kept[kind] = all[kind];
      visit(t, kept);
    });
  }
  const buckets = starts.map((start, i) => ({ start, counts: counts[i] as KindCounts }));
  return {
    group: byDevice ? 'device' : 'kind',
    from,
    to,
    bucketMs: width,
    timeZone: options.timeZone,
    buckets,
    total: buckets.reduce((sum, bucket) => sum + total(bucket.counts), 0),
    textApplied: scan || !hasText(query),
  };
}
