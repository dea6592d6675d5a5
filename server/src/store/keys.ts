import type { StateEntryKey } from '@tagtime/log';
import type { Key } from 'lmdb';
import { readKey, writeKey } from 'ordered-binary';

/**
 * Key layout of the LMDB store. Keys are ordered-binary arrays: elements compare in turn, a
 * string element ends with a 0 byte (so `usr_a` never interleaves with `usr_ab`), numbers sort
 * before strings and in numeric order.
 * - `records`: `[userId, deviceId, t]` → canonical JSON of the record. A user's logs are
 *   contiguous, one device log is contiguous and sorted by `t`, so a pull is one range scan per
 *   log.
 * - `logs`: `[userId, deviceId]` → `{ head, count }`, the index of a user's logs.
 * - `views`: `[userId, ...StateEntryKey]` → the entry's value (msgpack): each user's kept
 *   `LogView` state as @tagtime/log's state entries (`['meta']`, `['head', device]`,
 *   `['ping', ping]`, …), one range per user (see kept-views.ts).
 */
export type RecordKey = [userId: string, deviceId: string, t: number];
export type LogKey = [userId: string, deviceId: string];
export type ViewKey = [userId: string, ...entry: StateEntryKey];
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

/** The key of one entry of a user's kept view. */
export function viewKey(userId: string, entry: StateEntryKey): ViewKey {
  return [userId, ...entry];
}

/** Bounds of one user's kept-view entries (their kinds are lowercase words, before `~`). */
export function userViewRange(userId: string): Range {
  return { start: [userId], end: [userId, AFTER_DEVICE_IDS] };
}

/** Bytes of a number inside an ordered-binary array key (always the full 9 in a sequence). */
const NUMBER_IN_SEQUENCE_BYTES = 9;

/**
 * A key encoder for record keys that writes them as usual but reads back only their `t`: a range
 * scan of one device log already knows the user and the device, and decoding both strings again
 * for every record was most of a pull's key cost. `t` is the last element of the ordered-binary
 * array, so it is the key's last 9 bytes, decoded by ordered-binary itself.
 */
export const recordTimeKeys = {
  writeKey,
  readKey(buffer: Uint8Array, start: number, end: number): number {
    const t = readKey(buffer, Math.max(start, end - NUMBER_IN_SEQUENCE_BYTES), end, true);
    if (typeof t !== 'number')
      throw new Error(`record key does not end with a time (${String(t)})`);
    return t;
  },
};
