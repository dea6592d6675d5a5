import type { LogStore, StoredRecord } from '../store/log-store.js';
import { logCandidates, mergeInDirection, type ScanBudget } from './candidates.js';
import { type ResolvedQuery, recordMatcher } from './log-query.js';
import {
  AFTER_DEVICES,
  BEFORE_DEVICES,
  boundsBeyond,
  type Direction,
  type Position,
} from './position.js';

export interface PageOptions {
  direction: Direction;
  /** Where to start (exclusive); undefined starts at the range's end in `direction`. */
  from?: Position;
  limit: number;
  /** Stops after reading this many records, even with fewer matches (a rare text). */
  maxScanned: number;
}

export interface RecordPage {
  /** Matching records in `direction` order (backward: newest first). */
  records: StoredRecord[];
  /** Where the page stopped: pass it back to go on in the same direction. */
  cursor: Position;
  /** False once the range is exhausted in this direction. */
  more: boolean;
  scanned: number;
}

/**
 * One page of a user's merged log under a query, in either direction from a position: one
 * range scan per device log (skipping buckets without the wanted kinds), merged, matched. A
 * page stops at `limit` matches or after `maxScanned` records read; its cursor is then the last
 * record examined, so nothing between two pages is ever skipped.
 */
export function pageRecords(
  store: LogStore,
  userId: string,
  query: ResolvedQuery,
  options: PageOptions,
): RecordPage {
  const { direction } = options;
  const budget: ScanBudget = { scanned: 0 };
  const streams = query.devices.map((device) => {
    const bounds = boundsBeyond(options.from, direction, device, query);
    return logCandidates(
      store,
      userId,
      device,
      { ...bounds, direction, kinds: query.kinds },
      budget,
    );
  });
  const matches = recordMatcher(query);
  const records: StoredRecord[] = [];
  let cursor: Position | undefined;
  let more = false;
  const merged = mergeInDirection(streams, direction);
  try {
    for (const record of merged) {
      // At least one record is examined, so paging on always gets somewhere.
      const spent = cursor !== undefined && budget.scanned > options.maxScanned;
      if (records.length >= options.limit || spent) {
        more = true;
        break;
      }
      cursor = { t: record.t, device: record.device };
      if (matches(record)) records.push(record);
    }
  } finally {
    merged.return(undefined);
  }
  // Nothing examined: stay where the page started, so a later call (a live tail paging
  // forward) finds what arrived since.
  cursor ??=
    options.from ??
    (direction === 'forward'
      ? { t: query.from, device: BEFORE_DEVICES }
      : { t: query.to, device: AFTER_DEVICES });
  return { records, cursor, more, scanned: budget.scanned };
}

/** A page as JSON text, splicing the stored canonical JSON in without re-encoding it. */
export function recordPageJson(page: RecordPage, cursorText: string): string {
  let records = '';
  for (let i = 0; i < page.records.length; i++) {
    records += i === 0 ? page.records[i]?.json : `,${page.records[i]?.json}`;
  }
  return `{"records":[${records}],"cursor":${JSON.stringify(cursorText)},"more":${page.more},"scanned":${page.scanned}}`;
}
