import type { Database, Key, RootDatabase } from 'lmdb';

/**
 * The `logs` index (see keys.ts): `[userId, deviceId]` → this entry, one per device log. Its own
 * file so the store, verify/repair and the view folds share it without importing each other.
 */
export interface LogIndexEntry {
  /** The log's last `t`. */
  head: number;
  /** Records in the log. */
  count: number;
}

/** The `logs` database of an environment. */
export function openLogIndex(env: RootDatabase): Database<LogIndexEntry, Key> {
  return env.openDB<LogIndexEntry, Key>({ name: 'logs', encoding: 'msgpack' });
}
