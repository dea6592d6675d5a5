import type { LogStore, StoredRecord } from '../store/log-store.js';
import { recordMatcher } from './log-query.js';

export interface RecordTextHit {
  userId: string;
  /** Matching records among those read. */
  matches: number;
  /** The newest matching record read. */
  latest: StoredRecord;
}

export interface RecordTextSearch {
  users: RecordTextHit[];
  scanned: number;
  /** False when the bound stopped the search before every record was read. */
  complete: boolean;
}

/**
 * Finds the users whose records contain every text (any case), for support staff who have an
 * error message but no account: the most recently grown logs first, each read newest first,
 * at most `maxScanned` records in all (spread over the logs, so one huge log cannot hide the
 * rest).
 */
export function searchRecordText(
  store: LogStore,
  text: readonly string[],
  options: { maxScanned: number; limit: number },
): RecordTextSearch {
  const matches = recordMatcher({
    devices: [],
    kinds: undefined,
    text: [...text],
    notText: [],
    from: 0,
    to: Number.MAX_SAFE_INTEGER,
  });
  const logs = [...store.allLogs()].sort((a, b) => b.head - a.head);
  const perLog = Math.max(1000, Math.ceil(options.maxScanned / Math.max(1, logs.length)));
  const hits = new Map<string, RecordTextHit>();
  let scanned = 0;
  let complete = true;
  for (const log of logs) {
    const budget = Math.min(perLog, options.maxScanned - scanned);
    if (budget <= 0) {
      complete = false;
      break;
    }
    let read = 0;
    const scan = { from: 0, to: Number.MAX_SAFE_INTEGER, reverse: true };
    for (const record of store.scanLog(log.userId, log.device, scan)) {
      if (read >= budget) {
        complete = false;
        break;
      }
      read += 1;
      if (!matches(record)) continue;
      const hit = hits.get(log.userId);
      if (hit === undefined)
        hits.set(log.userId, { userId: log.userId, matches: 1, latest: record });
      else {
        hit.matches += 1;
        if (record.t > hit.latest.t) hit.latest = record;
      }
    }
    scanned += read;
  }
  const users = [...hits.values()].sort((a, b) => b.latest.t - a.latest.t).slice(0, options.limit);
  return { users, scanned, complete };
}
