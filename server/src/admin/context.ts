import type { LogStore, StoredRecord } from '../store/log-store.js';
import { pageRecords } from './page.js';

export interface RecordContext {
  record: StoredRecord;
  /** The same device's records just before (newest first) and just after (oldest first). */
  device: { before: StoredRecord[]; after: StoredRecord[] };
  /** The other devices' records around it in merged order, the same way round. */
  others: { before: StoredRecord[]; after: StoredRecord[] };
}

/**
 * "What happened around this": a record with its neighbours on its own device and across the
 * user's other devices; undefined when no such record exists.
 */
export function recordContext(
  store: LogStore,
  userId: string,
  devices: readonly string[],
  at: { device: string; t: number },
  n: number,
): RecordContext | undefined {
  const record = store.getRecord(userId, at.device, at.t);
  if (record === undefined) return undefined;
  const take = (records: Iterable<StoredRecord>) => {
    const out: StoredRecord[] = [];
    for (const next of records) {
      if (out.length >= n) break;
      out.push(next);
    }
    return out;
  };
  const all = Number.MAX_SAFE_INTEGER;
  const others = devices.filter((device) => device !== at.device);
  const around = (direction: 'forward' | 'backward') =>
    pageRecords(
      store,
      userId,
      { devices: others, kinds: undefined, text: [], notText: [], from: 0, to: all },
      { direction, from: at, limit: n, maxScanned: Number.MAX_SAFE_INTEGER },
    ).records;
  return {
    record,
    device: {
      before: take(store.scanLog(userId, at.device, { from: 0, to: at.t - 1, reverse: true })),
      after: take(store.scanLog(userId, at.device, { from: at.t + 1, to: all })),
    },
    others: { before: around('backward'), after: around('forward') },
  };
}
