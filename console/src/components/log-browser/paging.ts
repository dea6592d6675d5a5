import type { LogRecord } from '@tagtime/log';
import { newestFirst, type Problem, type RecordPage, recordId } from './api';

/** Records per page when scrolling; records on each side of a time jumped to. */
export const PAGE = 200;
export const AROUND = 60;
/** A rare text reads the log a bounded step per call; the browser goes on while it is looking. */
export const MAX_EMPTY_STEPS = 200;

/** One end of the loaded rows: where to continue from, whether more is there, a load under way. */
export interface Side {
  cursor: string | undefined;
  more: boolean;
  loading: boolean;
}

/**
 * The rows the table holds, newest first, and how to extend them at either end. Rows are added
 * by pages in either direction and by the live tail; a failure stops loading until the view
 * changes.
 */
export interface Pages {
  rows: LogRecord[];
  older: Side;
  newer: Side;
  problem: Problem | undefined;
  /** Older pages in a row that found nothing; the search pauses at MAX_EMPTY_STEPS. */
  emptySteps: number;
  /** Rows last put above the top (the table keeps its place); `serial` counts the times. */
  prepended: { count: number; serial: number };
}

export type PagesEvent =
  /** The view changed: everything loads afresh. */
  | { type: 'reset' }
  /** The first load, without an anchor: the newest page. */
  | { type: 'latest'; page: RecordPage }
  /** The first load around a time: the page before it and the page after it. */
  | { type: 'around'; back: RecordPage; ahead: RecordPage }
  | { type: 'loading'; side: 'older' | 'newer' }
  | { type: 'older'; page: RecordPage }
  | { type: 'newer'; page: RecordPage }
  /** Records the live tail fetched; those not yet shown slide in at their place. */
  | { type: 'live'; records: LogRecord[] }
  /** A load failed: `first` for the first load (or its counts), else the side that was loading. */
  | { type: 'failed'; problem: Problem; during: 'first' | 'older' | 'newer' }
  /** The person asks the paused search of a rare text to go on. */
  | { type: 'keep-searching' };

/** Where the next newer page starts: the cursor of a record's place in the log. */
export const position = (record: LogRecord) => `${record.t}:${record.device}`;

/** Adds records not shown yet, keeping the order (the same array when nothing is new). */
export function mergeRows(rows: LogRecord[], added: LogRecord[]): LogRecord[] {
  const seen = new Set(rows.map(recordId));
  const fresh = added.filter((record) => !seen.has(recordId(record)));
  if (fresh.length === 0) return rows;
  return [...rows, ...fresh].sort(newestFirst);
}

/** Nothing loaded yet, the first load under way; `prepended` goes on counting across views. */
export function loadingPages(prepended = { count: 0, serial: 0 }): Pages {
  return {
    rows: [],
    older: { cursor: undefined, more: false, loading: true },
    newer: { cursor: undefined, more: false, loading: false },
    problem: undefined,
    emptySteps: 0,
    prepended,
  };
}

/**
 * The first rows of an anchored load: the page after the anchor turned newest first above the
 * page before it, and the row to put the cursor on (the anchor's, or the nearest before it).
 */
export function aroundRows(back: RecordPage, ahead: RecordPage) {
  const above = [...ahead.records].reverse();
  const target = back.records[0] ?? above.at(-1);
  return { above, rows: [...above, ...back.records], target, targetIndex: above.length };
}

export function pagesReducer(state: Pages, event: PagesEvent): Pages {
  switch (event.type) {
    case 'reset':
      return loadingPages(state.prepended);
    case 'latest': {
      const { page } = event;
      const top = page.records[0];
      return {
        ...state,
        rows: page.records,
        older: { cursor: page.cursor, more: page.more, loading: false },
        newer: { cursor: top ? position(top) : undefined, more: false, loading: false },
      };
    }
    case 'around': {
      const { back, ahead } = event;
      const { above, rows } = aroundRows(back, ahead);
      const top = above[0];
      return {
        ...state,
        rows,
        older: { cursor: back.cursor, more: back.more, loading: false },
        newer: { cursor: top ? position(top) : ahead.cursor, more: ahead.more, loading: false },
      };
    }
    case 'loading':
      return { ...state, [event.side]: { ...state[event.side], loading: true } };
    case 'older': {
      const { page } = event;
      return {
        ...state,
        rows: mergeRows(state.rows, page.records),
        older: { cursor: page.cursor, more: page.more, loading: false },
        emptySteps: page.records.length === 0 ? state.emptySteps + 1 : 0,
      };
    }
    case 'newer': {
      const { page } = event;
      const top = page.records.at(-1);
      return {
        ...state,
        rows: mergeRows(state.rows, page.records),
        prepended: { count: page.records.length, serial: state.prepended.serial + 1 },
        newer: { cursor: top ? position(top) : page.cursor, more: page.more, loading: false },
      };
    }
    case 'live': {
      const rows = mergeRows(state.rows, event.records);
      const added = rows.length - state.rows.length;
      if (added === 0) return state;
      return { ...state, rows, prepended: { count: added, serial: state.prepended.serial + 1 } };
    }
    case 'failed':
      if (event.during === 'first') {
        return {
          ...state,
          problem: event.problem,
          older: { cursor: undefined, more: false, loading: false },
        };
      }
      return {
        ...state,
        problem: event.problem,
        [event.during]: { ...state[event.during], loading: false },
      };
    case 'keep-searching':
      return { ...state, emptySteps: 0 };
  }
}
