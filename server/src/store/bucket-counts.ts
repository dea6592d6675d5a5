import { kindOfCanonicalRecord } from '@tagtime/log';
import type { Database, Key, RootDatabase } from 'lmdb';

/**
 * A secondary index of the LMDB store for the support queries (admin API): per device log, the
 * number of records of each kind in every quarter hour, every UTC hour and every UTC day. Histograms and facet
 * counts add these up instead of reading records, and a kind filter skips every bucket holding
 * none of the wanted kinds. Quarter hours because every time zone's offset is a multiple of one,
 * so a local day is a whole number of them.
 *
 * Key layout (`bucket-counts` database, ordered-binary arrays):
 * `[userId, deviceId, level, start]` → `{ [kind]: count }`, `level` 0 for quarter hours, 2 for
 * hours and 1 for days, `start` the bucket's first unix ms. `[0]` (a number sorts before every user id) holds
 * the index version; a store opened without it is indexed from its records first.
 *
 * The counts are written inside the append's own write transaction, so they are exactly as
 * durable as the records they count.
 */
export const QUARTER_MS = 15 * 60 * 1000;
export const HOUR_MS = 60 * 60 * 1000;
export const DAY_MS = 24 * 60 * 60 * 1000;

export type BucketLevel = 'quarter' | 'hour' | 'day';
const LEVELS: Record<BucketLevel, { level: number; size: number }> = {
  quarter: { level: 0, size: QUARTER_MS },
  day: { level: 1, size: DAY_MS },
  hour: { level: 2, size: HOUR_MS },
};
const ALL_LEVELS = ['quarter', 'hour', 'day'] as const;

/** The next finer level, down to quarter hours. */
export const FINER_LEVEL: Record<BucketLevel, BucketLevel | undefined> = {
  day: 'hour',
  hour: 'quarter',
  quarter: undefined,
};

/** Records per kind in one bucket. */
export type KindCounts = Record<string, number>;

export interface BucketCount {
  /** First unix ms of the bucket. */
  start: number;
  counts: KindCounts;
}

export interface BucketQuery {
  level: BucketLevel;
  /** Buckets that overlap `[from, to]` (unix ms, inclusive). */
  from: number;
  to: number;
  reverse?: boolean;
}

type CountKey = [userId: string, deviceId: string, level: number, start: number];

const VERSION_KEY: Key = [0];
const VERSION = 2;

export function bucketStart(t: number, level: BucketLevel): number {
  const size = LEVELS[level].size;
  return Math.floor(t / size) * size;
}

export function bucketSize(level: BucketLevel): number {
  return LEVELS[level].size;
}

/** The kind of a record from its canonical JSON, without parsing it (see @tagtime/log). */
export function kindOfJson(json: string): string {
  return kindOfCanonicalRecord(json) ?? 'unknown';
}

function addTo(tally: Map<string, KindCounts>, key: string, kind: string, n = 1): void {
  let counts = tally.get(key);
  if (counts === undefined) {
    counts = {};
    tally.set(key, counts);
  }
  counts[kind] = (counts[kind] ?? 0) + n;
}

export class LmdbBucketCounts {
  readonly db: Database<KindCounts | number, Key>;

  constructor(env: RootDatabase) {
    this.db = env.openDB<KindCounts | number, Key>({ name: 'bucket-counts', encoding: 'msgpack' });
  }

  /**
   * Adds newly stored records to the counts. Call inside the write transaction that stores them.
   */
  add(
    userId: string,
    deviceId: string,
    records: readonly { t: number; kind: string }[],
    from = 0,
  ): void {
    const tally = new Map<string, KindCounts>();
    // An append's records come in `t` order, so a run of them shares a bucket: the bucket's
    // counts are looked up once per run, not once per record (this runs under the write lock).
    for (const name of ALL_LEVELS) {
      const { level, size } = LEVELS[name];
      let start = Number.NaN;
      let counts: KindCounts = {};
      for (let i = from; i < records.length; i++) {
        const record = records[i] as { t: number; kind: string };
        const bucket = Math.floor(record.t / size) * size;
        if (bucket !== start) {
          start = bucket;
          const key = `${level}:${bucket}`;
          counts = tally.get(key) ?? {};
          tally.set(key, counts);
        }
        counts[record.kind] = (counts[record.kind] ?? 0) + 1;
      }
    }
    this.#write(userId, deviceId, tally);
  }

  #write(userId: string, deviceId: string, tally: Map<string, KindCounts>): void {
    for (const [bucket, added] of tally) {
      const [level, start] = bucket.split(':').map(Number) as [number, number];
      const key: CountKey = [userId, deviceId, level, start];
      const stored = this.db.get(key);
      const counts: KindCounts = typeof stored === 'object' ? { ...stored } : {};
      for (const [kind, n] of Object.entries(added)) counts[kind] = (counts[kind] ?? 0) + n;
      this.db.putSync(key, counts);
    }
  }

  /** The buckets of one log that overlap `[from, to]`, in time order (or reversed). */
  *read(userId: string, deviceId: string, query: BucketQuery): Iterable<BucketCount> {
    const { level, size } = LEVELS[query.level];
    if (query.to < query.from) return;
    const first: CountKey = [userId, deviceId, level, bucketStart(query.from, query.level)];
    const last: CountKey = [userId, deviceId, level, query.to];
    const range = query.reverse
      ? { start: last, end: [userId, deviceId, level, first[3] - 1], reverse: true }
      : { start: first, end: [userId, deviceId, level, query.to + 1] };
    for (const { key, value } of this.db.getRange(range)) {
      const start = (key as CountKey)[3];
      if (start + size <= query.from || start > query.to) continue;
      yield { start, counts: value as KindCounts };
    }
  }

  /** Whether the counts were built for this store (see `build`). */
  isBuilt(): boolean {
    return this.db.get(VERSION_KEY) === VERSION;
  }

  /**
   * Counts every stored record from scratch (a store written before this index existed). Call
   * inside a write transaction; `records` is the store's records database.
   */
  build(records: Database<string, Key>): number {
    for (const { key } of this.db.getRange({ start: [''], end: ['~'] })) this.db.removeSync(key);
    let current: { userId: string; deviceId: string } | undefined;
    let tally = new Map<string, KindCounts>();
    let total = 0;
    for (const { key, value } of records.getRange({})) {
      // Keys that are not [user, device, t] are verify's to report and repair's to mend.
      const parts = recordKeyParts(key);
      if (parts === undefined) continue;
      const [userId, deviceId, t] = parts;
      if (current?.userId !== userId || current.deviceId !== deviceId) {
        if (current) this.#write(current.userId, current.deviceId, tally);
        current = { userId, deviceId };
        tally = new Map();
      }
      const kind = kindOfJson(value);
      for (const level of ALL_LEVELS) {
        addTo(tally, `${LEVELS[level].level}:${bucketStart(t, level)}`, kind);
      }
      total += 1;
    }
    if (current) this.#write(current.userId, current.deviceId, tally);
    this.db.putSync(VERSION_KEY, VERSION);
    return total;
  }

  /**
   * Compares the counts with the records (for `verify`): every level must count every record
   * of every log exactly once under its own kind.
   */
  verify(records: Database<string, Key>, report: (problem: string) => void): void {
    const expected = new Map<string, KindCounts>();
    for (const { key, value } of records.getRange({})) {
      const parts = recordKeyParts(key);
      if (parts === undefined) continue;
      const [userId, deviceId, t] = parts;
      const kind = kindOfJson(value);
      for (const level of ALL_LEVELS) {
        const id = JSON.stringify([userId, deviceId, LEVELS[level].level, bucketStart(t, level)]);
        addTo(expected, id, kind);
      }
    }
    for (const { key, value } of this.db.getRange({ start: [''], end: ['~'] })) {
      const id = JSON.stringify(key);
      const want = expected.get(id);
      expected.delete(id);
      if (want === undefined || !sameCounts(want, value as KindCounts)) {
        report(
          `bucket counts ${id} are ${JSON.stringify(value)}, the records give ${JSON.stringify(want ?? {})}`,
        );
      }
    }
    for (const id of expected.keys()) report(`bucket counts ${id} are missing`);
  }
}

function recordKeyParts(key: Key): [string, string, number] | undefined {
  const [userId, deviceId, t] = key as [unknown, unknown, unknown];
  return typeof userId === 'string' &&
    typeof deviceId === 'string' &&
    Number.isSafeInteger(t) &&
    (t as number) >= 0
    ? [userId, deviceId, t as number]
    : undefined;
}

function sameCounts(a: KindCounts, b: KindCounts): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((kind) => a[kind] === b[kind]);
}
