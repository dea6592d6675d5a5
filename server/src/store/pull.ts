import { type Cursor, type LogRecord, mergeLogsSync } from '@tagtime/log';
import type { LogStore, StoredRecord } from './log-store.js';

export interface PullOptions {
  /** Per log, the last `t` already delivered; logs not named start from their beginning. */
  after: Cursor;
  /** At most this many records are returned. */
  limit: number;
  /** Only logs of these devices (all of the user's when undefined). */
  devices?: readonly string[];
  /** Keeps only matching records; skipped ones still advance the cursor. */
  filter?: (record: StoredRecord) => boolean;
  /** Stops before the first record with `t > until`. */
  until?: number;
  /** Stops after examining this many records, even if fewer matched (bounds filtered scans). */
  maxScanned?: number;
}

export interface PullPage {
  records: StoredRecord[];
  /** The cursor after this page: the input cursor advanced by every examined record. */
  cursor: Cursor;
  more: boolean;
}

/**
 * One page of a user's logs after a cursor, read lazily in merged `(t, device)` order: one range
 * scan per device log, merged by @tagtime/log's k-way merge, so memory is one cursor per log
 * however long the logs are, and a caller that writes each record out as it comes (the pull
 * route streams the answer) never holds the page either.
 *
 * The range scans hold an LMDB read snapshot until the page ends or `close` is called.
 */
export class PullScan {
  /** The cursor after the records returned so far; final once `next` returned undefined. */
  readonly cursor: Cursor;
  /** Whether records after the page remain; known once `next` returned undefined. */
  more = false;
  private readonly merged: Generator<StoredRecord, void>;
  private readonly options: PullOptions;
  private readonly maxScanned: number;
  private returned = 0;
  private scanned = 0;
  private done = false;

  private constructor(merged: Generator<StoredRecord, void>, cursor: Cursor, options: PullOptions) {
    this.merged = merged;
    this.cursor = cursor;
    this.options = options;
    this.maxScanned = options.maxScanned ?? Number.POSITIVE_INFINITY;
  }

  static async open(store: LogStore, userId: string, options: PullOptions): Promise<PullScan> {
    const heads = await store.heads(userId);
    const cursor: Cursor = { ...options.after };
    const devices = (options.devices ?? Object.keys(heads)).filter((device) => {
      const head = heads[device];
      const at = cursor[device];
      return head !== undefined && (at === undefined || at < head);
    });
    const logs = devices.map((device) => store.readLog(userId, device, cursor[device]));
    // mergeLogsSync is typed for LogRecord but orders by `t` and `device` only, which
    // StoredRecord carries; the rest of the record stays as stored JSON, never parsed.
    const merged = mergeLogsSync(logs as unknown as Iterable<LogRecord>[]) as unknown as Generator<
      StoredRecord,
      void
    >;
    return new PullScan(merged, cursor, options);
  }

  /** The page's next record, or undefined once the page is complete (then it is closed). */
  next(): StoredRecord | undefined {
    const { limit, until, filter } = this.options;
    while (!this.done) {
      const step = this.merged.next();
      if (step.done) break;
      const record = step.value;
      if (until !== undefined && record.t > until) break;
      if (this.returned >= limit || this.scanned >= this.maxScanned) {
        this.more = true;
        break;
      }
      this.scanned += 1;
      this.cursor[record.device] = record.t;
      if (filter === undefined || filter(record)) {
        this.returned += 1;
        return record;
      }
    }
    this.close();
    return undefined;
  }

  /** Ends the range scans (and releases their snapshot); `next` returns undefined after it. */
  close(): void {
    if (this.done) return;
    this.done = true;
    this.merged.return();
  }
}

/** A whole page as an array (the admin API filters pages; tests read them). */
export async function pullRecords(
  store: LogStore,
  userId: string,
  options: PullOptions,
): Promise<PullPage> {
  const scan = await PullScan.open(store, userId, options);
  const records: StoredRecord[] = [];
  try {
    for (let record = scan.next(); record !== undefined; record = scan.next()) {
      records.push(record);
    }
  } finally {
    scan.close();
  }
  return { records, cursor: scan.cursor, more: scan.more };
}

/** The pull answer as JSON text, splicing the stored canonical JSON in without re-encoding. */
export function pullPageJson(page: PullPage, cursorText: string): string {
  let records = '';
  for (let i = 0; i < page.records.length; i++) {
    records += i === 0 ? page.records[i]?.json : `,${page.records[i]?.json}`;
  }
  return `{"records":[${records}],"cursor":${JSON.stringify(cursorText)},"more":${page.more}}`;
}
