import {
  type BucketLevel,
  bucketSize,
  FINER_LEVEL,
  type KindCounts,
  kindOfJson,
} from '../store/bucket-counts.js';
import type { LogStore } from '../store/log-store.js';

/**
 * Visits the records of one log in `[from, to]` as counts, in time order: a whole bucket of
 * `level` inside the range as one visit at the bucket's start, the buckets the range cuts
 * through at the next finer level, and at the finest as single records. So a month costs a few
 * dozen index entries rather than its records, and the answer is exact.
 */
export function visitCounts(
  store: LogStore,
  userId: string,
  device: string,
  range: { from: number; to: number; level: BucketLevel },
  visit: (t: number, counts: KindCounts) => void,
): void {
  const { from, to, level } = range;
  if (to < from) return;
  const size = bucketSize(level);
  for (const bucket of store.bucketCounts(userId, device, { level, from, to })) {
    const end = bucket.start + size - 1;
    if (bucket.start >= from && end <= to) {
      visit(bucket.start, bucket.counts);
      continue;
    }
    const part = { from: Math.max(from, bucket.start), to: Math.min(to, end) };
    const finer = FINER_LEVEL[level];
    if (finer !== undefined) {
      visitCounts(store, userId, device, { ...part, level: finer }, visit);
      continue;
    }
    for (const record of store.scanLog(userId, device, part)) {
      visit(record.t, { [kindOfJson(record.json)]: 1 });
    }
  }
}

/** Exact records per kind of one log in `[from, to]`. */
export function countRange(
  store: LogStore,
  userId: string,
  device: string,
  from: number,
  to: number,
): KindCounts {
  const out: KindCounts = {};
  visitCounts(store, userId, device, { from, to, level: 'day' }, (_t, counts) =>
    addCounts(out, counts),
  );
  return out;
}

export function addCounts(into: KindCounts, counts: KindCounts): void {
  for (const kind in counts) into[kind] = (into[kind] ?? 0) + (counts[kind] ?? 0);
}

/** The sum of counts over some kinds (all when `kinds` is undefined). */
export function total(counts: KindCounts, kinds?: ReadonlySet<string>): number {
  let sum = 0;
  for (const kind in counts) if (kinds === undefined || kinds.has(kind)) sum += counts[kind] ?? 0;
  return sum;
}
