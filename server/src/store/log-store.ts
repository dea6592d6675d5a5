import type { LogRecord, LogView } from '@tagtime/log';
import type { BucketCount, BucketQuery } from './bucket-counts.js';

/**
 * Where device logs live. The routes see only this interface, so a store on a distributed
 * database (DESIGN.md, Scale) can replace the embedded LMDB one without touching them.
 */
export interface LogStore {
  /**
   * Appends validated records (all of `deviceId`, strictly increasing in `t`) to one device
   * log, all or none. Resolves only once the records are durably stored. `json`, when given, is
   * each record's canonical JSON as validation returned it (else the store encodes them).
   */
  append(
    userId: string,
    deviceId: string,
    records: readonly LogRecord[],
    json?: readonly string[],
  ): Promise<AppendOutcome>;
  /** The records of one log with `t > after` (all when `after` is undefined), in `t` order, lazily. */
  readLog(userId: string, deviceId: string, after?: number): Iterable<StoredRecord>;
  /**
   * A cursor over the records of one log with `t > after` (all when `after` is undefined), in
   * `t` order, that hands out each record's canonical JSON as bytes: what a pull sends as is.
   */
  openLog(userId: string, deviceId: string, after?: number): LogCursor;
  /**
   * The records of one log with `from ≤ t ≤ to`, oldest first or (`reverse`) newest first,
   * lazily. For the support queries, which page both ways.
   */
  scanLog(userId: string, deviceId: string, scan: LogScan): Iterable<StoredRecord>;
  /** One record by its id. */
  getRecord(userId: string, deviceId: string, t: number): StoredRecord | undefined;
  /** Records per kind in time buckets of one log (see bucket-counts.ts). */
  bucketCounts(userId: string, deviceId: string, query: BucketQuery): Iterable<BucketCount>;
  /** Every log of every user, for a search across users. */
  allLogs(): Iterable<UserLogSummary>;
  /** The last `t` of each of the user's logs. */
  heads(userId: string): Promise<Heads>;
  /** Per-log record counts and heads, for statistics. */
  logs(userId: string): Promise<LogSummary[]>;
  /**
   * Runs `read` on the user's kept view (DESIGN.md, One view): the `LogView` of every record of
   * theirs stored and durable now, error and event days in UTC. Cheap when it is in memory.
   * `read` runs at once and must not keep the view: later appends change it in place.
   */
  readView<T>(userId: string, read: (kept: KeptView) => T): Promise<T>;
  /** Checks every log is sorted and every index (and kept view) matches the records. */
  verify(): Promise<VerifyReport>;
  close(): Promise<void>;
}

/** A user's kept view, lent to a reader (`LogStore.readView`). */
export interface KeptView {
  readonly view: LogView;
  /**
   * `make(view)`, made once per change of the view and kept with it under `key` (an answer's
   * bytes, say); text and bytes count in the memory the store gives views.
   */
  memo<T>(key: string, make: (view: LogView) => T): T;
}

/** A stored record with its canonical JSON, so pulls can answer without re-encoding it. */
export interface StoredRecord {
  device: string;
  t: number;
  /** `canonicalJson(record)`; the same text for the same record, always. */
  json: string;
}

/**
 * One device log read forward, one record at a time, reusing one buffer: after `next()`
 * returned true, `t` and `record()` (the record's canonical JSON as UTF-8 bytes) are the current
 * record's until the next call. `close()` ends the scan early (it releases its read snapshot).
 */
export interface LogCursor {
  readonly device: string;
  readonly t: number;
  /** The current record's canonical JSON, a view valid (like its bytes) until `next()`. */
  record(): Uint8Array;
  next(): boolean;
  close(): void;
}

export type Heads = Record<string, number>;

/** A time range of one log (unix ms, both ends included) and the direction to read it. */
export interface LogScan {
  from: number;
  to: number;
  reverse?: boolean;
}

export interface LogSummary {
  device: string;
  head: number;
  count: number;
}

export interface UserLogSummary extends LogSummary {
  userId: string;
}

export type AppendOutcome =
  | { ok: true; accepted: number; duplicates: number; head: number | null }
  | { ok: false; conflict: AppendConflict };

/** Why an append was refused; nothing of it was stored. */
export interface AppendConflict {
  /** Index in the batch of the first offending record. */
  index: number;
  reason: 'different_record' | 'older_than_head';
  /** The offending record's `t` and the log's head at the time. */
  t: number;
  head: number;
}

export interface VerifyReport {
  ok: boolean;
  logs: number;
  records: number;
  /** One sentence per problem found, at most 100. */
  problems: string[];
}
