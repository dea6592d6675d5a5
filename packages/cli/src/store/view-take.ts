import type { Cursor, LogRecord, LogViewState } from '@tagtime/log';
import type { Database } from 'lmdb';
import { recordOf, type StoredRecord } from './stored-record.js';

// A first sync takes the server's kept view (GET /v1/view) instead of folding every record it
// pulls: what the store must check before it takes one, and what it folds in after it.

/** The store's two record tables: the own log by `t`, the replica by `[t, device]`. */
export interface RecordTables {
  own: Database<StoredRecord, number>;
  replica: Database<StoredRecord, [number, string]>;
}

/** The own log's device: the one its records carry (undefined while it is empty). */
export function ownDevice(tables: RecordTables): string | undefined {
  for (const { value } of tables.own.getRange({ reverse: true, limit: 1 })) {
    return recordOf(value).device;
  }
  return undefined;
}

/**
 * Whether the store holds every record `state` was folded from: for each device of its heads,
 * the record at the head. Each log's records come in order and without gaps (the own log is
 * written here, the replica from pages in merged order), so holding a log's record at its head
 * means holding all of that log before it.
 */
export function holdsHeads(tables: RecordTables, state: LogViewState, own: string | undefined) {
  return Object.entries(state.heads).every(([device, t]) =>
    device === own ? tables.own.doesExist(t) : tables.replica.doesExist([t, device]),
  );
}

/**
 * The records held after `heads` (the view's) that it has not folded, each log's in its order:
 * the own log's tail, then the replica's records of the devices whose `cursor` (the last
 * replicated of each) is past their head. Usually none or a few: records that reached the
 * server while the pages were read, and own records it had not acknowledged.
 */
export function* recordsAfter(
  tables: RecordTables,
  heads: Readonly<Record<string, number>>,
  cursor: Cursor,
  own: string | undefined,
): Generator<LogRecord> {
  if (own !== undefined) {
    const start = heads[own] === undefined ? undefined : (heads[own] as number) + 1;
    for (const { value } of tables.own.getRange({ start })) yield recordOf(value);
  }
  const after = new Map<string, number>();
  for (const [device, last] of Object.entries(cursor)) {
    const head = heads[device] ?? Number.NEGATIVE_INFINITY;
    if (device !== own && last > head) after.set(device, head);
  }
  if (after.size === 0) return;
  const from = Math.min(...after.values());
  const range = tables.replica.getRange({ start: from === -Infinity ? undefined : [from + 1] });
  for (const { key, value } of range) {
    const [t, device] = key;
    const head = after.get(device);
    if (head !== undefined && t > head) yield recordOf(value);
  }
}
