import type { LogRecord, LogView } from '@tagtime/log';
import type { Database, Key, Transaction } from 'lmdb';
import { logRange, userLogsRange } from './keys.js';
import type { LogIndexEntry } from './log-index.js';

/** Records parsed and folded at a time when folding a log from disk. */
const FOLD_CHUNK = 10_000;
/** Rough memory of one kept entry (ping slot, tag, rename, count) in a `LogView`. */
export const ENTRY_BYTES = 400;
/** Rough memory of an empty view. */
export const VIEW_BYTES = 4096;

/** The databases a fold reads: the records (keys read as their `t`) and the `logs` index. */
export interface StoredLogs {
  recordsByTime: Database<string, Key>;
  index: Database<LogIndexEntry, Key>;
}

/** `{ transaction }` for reads outside a write transaction; inside one, nothing (it is used). */
export const within = (txn: Transaction | undefined) =>
  txn === undefined ? {} : { transaction: txn };

/** The user's records, from the `logs` index. */
export function recordCount(
  index: Database<LogIndexEntry, Key>,
  userId: string,
  txn: Transaction | undefined,
): number {
  let count = 0;
  for (const { value } of index.getRange({ ...userLogsRange(userId), ...within(txn) })) {
    count += value.count;
  }
  return count;
}

/** Every user of the `logs` index with their record count. */
export function userCounts(index: Database<LogIndexEntry, Key>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { key, value } of index.getRange({})) {
    const userId = (key as Key[])[0] as string;
    counts.set(userId, (counts.get(userId) ?? 0) + value.count);
  }
  return counts;
}

/**
 * Folds every stored record of the user after the view's heads into it, a device log at a
 * time, read in pages (never a whole log at once). Returns the records folded.
 */
export function foldNewRecords(
  logs: StoredLogs,
  view: LogView,
  userId: string,
  txn: Transaction | undefined,
): number {
  const heads = view.heads();
  let folded = 0;
  for (const { key, value } of logs.index.getRange({ ...userLogsRange(userId), ...within(txn) })) {
    const device = (key as Key[])[1] as string;
    const after = heads[device];
    if (after !== undefined && value.head <= after) continue;
    const range = { ...logRange(userId, device, after), ...within(txn) };
    folded += foldLogRecords(view, logs.recordsByTime.getRange(range));
  }
  return folded;
}

/** A view's memory, roughly, from its state's size (for a view folded, not read). */
export function estimateBytes(view: LogView): number {
  const state = view.state();
  const entries =
    state.pings.length +
    state.renames.length +
    state.tags.length +
    state.config.length +
    state.diagnostics.length +
    Object.keys(state.heads).length;
  return VIEW_BYTES + entries * ENTRY_BYTES;
}

/** Folds a device log's stored records (`t` → canonical JSON), `FOLD_CHUNK` at a time. */
function foldLogRecords(view: LogView, log: Iterable<{ value: string }>): number {
  let chunk: LogRecord[] = [];
  let folded = 0;
  for (const { value } of log) {
    chunk.push(JSON.parse(value) as LogRecord);
    if (chunk.length === FOLD_CHUNK) {
      folded += view.apply(chunk);
      chunk = [];
    }
  }
  return folded + view.apply(chunk);
}

/** JSON with object keys sorted, to compare two states whatever their key order. */
export function stable(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
