import type { Key } from 'lmdb';

/**
 * Key layout of the LMDB store. Keys are ordered-binary arrays: elements compare in turn, a
 * string element ends with a 0 byte (so `usr_a` never interleaves with `usr_ab`), numbers sort
 * before strings and in numeric order.
 * - `records`: `[userId, deviceId, t]` → canonical JSON of the record. A user's logs are
 *   contiguous, one device log is contiguous and sorted by `t`, so a pull is one range scan per
 *   log.
 * - `logs`: `[userId, deviceId]` → `{ head, count }`, the index of a user's logs.
 */
export type RecordKey = [userId: string, deviceId: string, t: number];
export type LogKey = [userId: string, deviceId: string];
type Range = { start: Key; end: Key };

/** Larger than any record time (they are safe integers): `[u, d, END_T]` closes a log's range. */
const END_T = Number.MAX_VALUE;

/** Device ids are `[A-Za-z0-9_-]`; `~` sorts after all of them, closing a user's range. */
const AFTER_DEVICE_IDS = '~';

export function recordKey(userId: string, deviceId: string, t: number): RecordKey {
  return [userId, deviceId, t];
}

export function logKey(userId: string, deviceId: string): LogKey {
  return [userId, deviceId];
}

/** Bounds of one device log's records with `t > after` (every record when `after` is undefined). */
export function logRange(userId: string, deviceId: string, after?: number): Range {
  const start = after === undefined ? [userId, deviceId] : [userId, deviceId, after + 1];
  return { start, end: [userId, deviceId, END_T] };
}

/** Bounds of one device log's records with `from ≤ t ≤ to`, for a forward or reverse scan. */
export function logTimeRange(
  userId: string,
  deviceId: string,
  from: number,
  to: number,
  reverse: boolean,
): Range & { reverse?: true } {
  // lmdb-js ranges include `start` and exclude `end`, in either direction.
  return reverse
    ? { start: [userId, deviceId, to], end: [userId, deviceId, from - 1], reverse: true }
    : { start: [userId, deviceId, from], end: [userId, deviceId, to + 1] };
}

/** Bounds of one user's entries in the `logs` index. */
export function userLogsRange(userId: string): Range {
  return { start: [userId], end: [userId, AFTER_DEVICE_IDS] };
}
