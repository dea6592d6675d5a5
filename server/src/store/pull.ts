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
 * Reads a user's logs after a cursor in merged `(t, device)` order: one lazy range scan per
 * device log, merged by @tagtime/log's k-way merge, so memory is one page plus one cursor per
 * log however long the logs are.
 */
export async function pullRecords(
  store: LogStore,
  userId: string,
  options: PullOptions,
): Promise<PullPage> {
  const heads = await store.heads(userId);
  const cursor: Cursor = { ...options.after };
  const devices = (options.devices ?? Object.keys(heads)).filter((device) => {
    const head = heads[device];
    const at = cursor[device];
    return head !== undefined && (at === undefined || at < head);
  });
  const logs = devices.map((device) => store.readLog(userId, device, cursor[device]));
  const records: StoredRecord[] = [];
  const maxScanned = options.maxScanned ?? Number.POSITIVE_INFINITY;
  let scanned = 0;
  let more = false;
  // mergeLogsSync is typed for LogRecord but orders by `t` and `device` only, which
  // StoredRecord carries; the rest of the record stays as stored JSON, never parsed.
  const merged = mergeLogsSync(logs as unknown as Iterable<LogRecord>[]) as unknown as Generator<
    StoredRecord,
    void
  >;
  try {
    for (const record of merged) {
      if (options.until !== undefined && record.t > options.until) break;
      if (records.length >= options.limit || scanned >= maxScanned) {
        more = true;
        break;
      }
      scanned += 1;
      cursor[record.device] = record.t;
      if (options.filter === undefined || options.filter(record)) records.push(record);
    }
  } finally {
    merged.return();
  }
  return { records, cursor, more };
}

/** The pull answer as JSON text, splicing the stored canonical JSON in without re-encoding. */
export function pullPageJson(page: PullPage, cursorText: string): string {
  let records = '';
  for (let i = 0; i < page.records.length; i++) {
    records += i === 0 ? page.records[i]?.json : `,${page.records[i]?.json}`;
  }
  return `{"records":[${records}],"cursor":${JSON.stringify(cursorText)},"more":${page.more}}`;
}
