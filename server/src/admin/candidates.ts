import {
  type BucketLevel,
  bucketSize,
  FINER_LEVEL,
  type KindCounts,
  kindOfJson,
} from '../store/bucket-counts.js';
import type { LogStore, StoredRecord } from '../store/log-store.js';
import type { Direction } from './position.js';

/** Counts the records a query reads, so a page can stop at a bound. */
export interface ScanBudget {
  scanned: number;
}

function holdsAny(counts: KindCounts, kinds: ReadonlySet<string>): boolean {
  for (const kind of kinds) if ((counts[kind] ?? 0) > 0) return true;
  return false;
}

/**
 * The records of one log within `[from, to]` in `direction` of `kinds` (all when undefined):
 * days, then hours, then quarter hours whose bucket counts hold none of the kinds are skipped
 * unread, so a rare kind costs about its own number of records, not the log's. Every record
 * read counts against `budget`.
 */
export function* logCandidates(
  store: LogStore,
  userId: string,
  device: string,
  scan: { from: number; to: number; direction: Direction; kinds: ReadonlySet<string> | undefined },
  budget: ScanBudget,
): Generator<StoredRecord> {
  const reverse = scan.direction === 'backward';
  const { kinds } = scan;
  if (kinds === undefined) {
    for (const record of store.scanLog(userId, device, { from: scan.from, to: scan.to, reverse })) {
      budget.scanned += 1;
      yield record;
    }
    return;
  }
  if (kinds.size === 0) return;
  const within = function* (level: BucketLevel, from: number, to: number): Generator<StoredRecord> {
    const size = bucketSize(level);
    const finer = FINER_LEVEL[level];
    for (const bucket of store.bucketCounts(userId, device, { level, from, to, reverse })) {
      if (!holdsAny(bucket.counts, kinds)) continue;
      const part = {
        from: Math.max(from, bucket.start),
        to: Math.min(to, bucket.start + size - 1),
      };
      if (finer !== undefined) {
        yield* within(finer, part.from, part.to);
        continue;
      }
      for (const record of store.scanLog(userId, device, { ...part, reverse })) {
        budget.scanned += 1;
        if (kinds.has(kindOfJson(record.json))) yield record;
      }
    }
  };
  yield* within('day', scan.from, scan.to);
}

/**
 * Merges per-log streams that each run in `direction` into one stream in merged order
 * (`(t, device)`, or its reverse). A handful of logs per user, so a linear pick is enough.
 */
export function* mergeInDirection(
  streams: Iterable<StoredRecord>[],
  direction: Direction,
): Generator<StoredRecord> {
  const iterators = streams.map((stream) => stream[Symbol.iterator]());
  const heads: Array<StoredRecord | undefined> = iterators.map((it) => it.next().value);
  const sign = direction === 'forward' ? 1 : -1;
  try {
    for (;;) {
      let best = -1;
      for (let i = 0; i < heads.length; i++) {
        const head = heads[i];
        if (head === undefined) continue;
        const current = best < 0 ? undefined : heads[best];
        if (
          current === undefined ||
          sign * (head.t - current.t) < 0 ||
          (head.t === current.t && sign * (head.device < current.device ? -1 : 1) < 0)
        ) {
          best = i;
        }
      }
      if (best < 0) return;
      // Yield before reading that log's next record: a caller that stops here read no more.
      yield heads[best] as StoredRecord;
      heads[best] = (iterators[best] as Iterator<StoredRecord>).next().value;
    }
  } finally {
    for (const it of iterators) it.return?.();
  }
}
