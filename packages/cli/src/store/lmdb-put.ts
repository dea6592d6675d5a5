import type { Database, Key, PutOptions } from 'lmdb';

/**
 * MDB_APPEND: the key goes after every key of its table, with no search, and pages fill up
 * instead of splitting in half. Records mostly come in key order (the own log by `t`, pulled
 * pages in merged order, which is the replica's key order, and their pings with them), so this
 * is the common case. For a key that is not after the last one, LMDB stores nothing.
 */
export const APPEND: PutOptions = { append: true };

/** MDB_NOOVERWRITE: a key that exists keeps its value. */
export const NO_OVERWRITE: PutOptions = { noOverwrite: true };

/**
 * `putSync` inside a write transaction, answering whether the value was stored: false when
 * `options` refused it (an existing key under NO_OVERWRITE, a key not after the last under
 * APPEND). lmdb-js answers that, though its types say void.
 */
export function putIf<K extends Key, V>(
  table: Database<V, K>,
  key: K,
  value: V,
  options: PutOptions,
): boolean {
  return table.putSync(key, value, options) as unknown as boolean;
}
