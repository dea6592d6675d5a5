import type { LogRecord } from '@tagtime/log/compact';
import { CompactEncoder, encodeCompactLog, resumeCompactLog } from '@tagtime/log/compact';
import { type FileStore, type Recovered, recoverReplace, replaceFile } from './files.js';

/**
 * The watch writes its records under this placeholder device id: the real id comes from pairing,
 * which happens on the phone, and the side service stamps it on the way to the server.
 */
export const WATCH_DEVICE = 'watch';

export interface WatchLogOptions {
  /** The log file, e.g. `tagtime.log`; compaction writes `<path>.new` beside it. */
  path: string;
  /** Records at or before this `t` were stored by the server: left out when reading. */
  acked?: number;
}

/** What opening found, for the event the app logs at start. */
export interface OpenReport {
  records: number;
  bytes: number;
  /** A torn last frame (a write cut short by a crash) was dropped. */
  tornTail: boolean;
  /** An interrupted compaction was finished or rolled back. */
  recovered: Recovered;
}

/**
 * The on-watch log: one append-only file in @tagtime/log's compact encoding. Durability rules:
 * - an append writes whole frames after the last good one; a crash part-way leaves a torn last
 *   frame, which the next open drops (rewriting the file without it, so later appends never
 *   follow garbage);
 * - compaction never edits the file in place: it writes the records to keep into `<path>.new`,
 *   removes the old file, then renames — and open finishes or undoes an interrupted compaction;
 * - the file is read only when opened: real devices have returned stale content from a read
 *   right after a write, so the tail state (records, encoder dictionary) stays in memory.
 */
export class WatchLog {
  readonly path: string;
  #files: FileStore;
  #records: LogRecord[] = [];
  #encoder = new CompactEncoder();
  #bytes = 0;
  #acked: number | undefined;

  private constructor(files: FileStore, options: WatchLogOptions) {
    this.#files = files;
    this.path = options.path;
    this.#acked = options.acked;
  }

  static open(files: FileStore, options: WatchLogOptions): { log: WatchLog; report: OpenReport } {
    const log = new WatchLog(files, options);
    const report = log.#load();
    return { log, report };
  }

  #load(): OpenReport {
    const files = this.#files;
    const recovered = recoverReplace(files, this.path);
    const bytes = files.read(this.path) ?? new Uint8Array(0);
    const decoded = resumeCompactLog(bytes);
    this.#records = decoded.records;
    this.#encoder = decoded.encoder;
    this.#bytes = decoded.validBytes;
    if (decoded.torn) this.#rewrite(this.#records);
    return {
      records: this.#records.length,
      bytes: this.#bytes,
      tornTail: decoded.torn,
      recovered,
    };
  }

  /** Every record in the file (acknowledged ones until the next compaction drops them). */
  records(): readonly LogRecord[] {
    return this.#records;
  }

  /** Bytes of the file. */
  get size(): number {
    return this.#bytes;
  }

  /** `t` of the last record ever written here, as far as the file still shows. */
  lastTime(): number | undefined {
    return this.#records[this.#records.length - 1]?.t;
  }

  get acked(): number | undefined {
    return this.#acked;
  }

  /** Records the server has not stored yet, ascending. */
  unacked(): LogRecord[] {
    const acked = this.#acked;
    return acked === undefined ? [...this.#records] : this.#records.filter((r) => r.t > acked);
  }

  /**
   * Appends records (ascending `t`, after `lastTime()`). When the write fails part-way the log
   * is reopened from the file, so memory and file agree again, and the error is rethrown.
   */
  append(records: readonly LogRecord[]): void {
    if (records.length === 0) return;
    let last = this.lastTime() ?? Number.NEGATIVE_INFINITY;
    for (const record of records) {
      if (record.t <= last) throw new RangeError(`log must grow in t: ${record.t} after ${last}`);
      last = record.t;
    }
    const chunks: Uint8Array[] = [];
    let length = 0;
    for (const record of records) {
      const bytes = this.#encoder.encode(record);
      chunks.push(bytes);
      length += bytes.length;
    }
    const joined = new Uint8Array(length);
    let offset = 0;
    for (const chunk of chunks) {
      joined.set(chunk, offset);
      offset += chunk.length;
    }
    try {
      this.#files.append(this.path, joined);
    } catch (error) {
      this.#load();
      throw error;
    }
    this.#records.push(...records);
    this.#bytes += length;
  }

  /**
   * Records that the server stored everything up to `t` and drops those records from the file
   * (crash-safe: see the class comment). The caller persists `t` first, so a crash before the
   * rename only leaves acknowledged records that reading skips.
   */
  compact(acked: number): void {
    if (this.#acked === undefined || acked > this.#acked) this.#acked = acked;
    const keep = this.unacked();
    if (keep.length === this.#records.length) return;
    this.#rewrite(keep);
  }

  /**
   * Drops the records with these `t` (records set aside after the server refused them), by the
   * same crash-safe rewrite as compaction.
   */
  remove(times: readonly number[]): void {
    const gone = new Set(times);
    const keep = this.#records.filter((r) => !gone.has(r.t));
    if (keep.length < this.#records.length) this.#rewrite(keep);
  }

  #rewrite(keep: LogRecord[]): void {
    const bytes = encodeCompactLog(keep);
    replaceFile(this.#files, this.path, bytes);
    // The new file's encoder state is that of a fresh log of `keep`.
    const resumed = resumeCompactLog(bytes);
    this.#records = resumed.records;
    this.#encoder = resumed.encoder;
    this.#bytes = bytes.length;
  }
}
