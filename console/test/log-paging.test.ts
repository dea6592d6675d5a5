// The log browser's rows as pages arrive at either end and the live tail adds spans: newest
// first, no record twice, each end continuing exactly where it stopped.
import type { LogRecord } from '@tagtime/log';
import { describe, expect, it } from 'vitest';
import type { RecordPage } from '../src/components/log-browser/api';
import {
  aroundRows,
  loadingPages,
  MAX_EMPTY_STEPS,
  mergeRows,
  type Pages,
  pagesReducer,
} from '../src/components/log-browser/paging';

const rec = (device: string, t: number): LogRecord =>
  ({ device, t, kind: 'event', body: { name: 'x' } }) as LogRecord;

const page = (records: LogRecord[], cursor = 'c', more = false): RecordPage => ({
  records,
  cursor,
  more,
  scanned: records.length,
});

const ids = (pages: Pages) => pages.rows.map((r) => `${r.device}:${r.t}`);

const loaded = (records: LogRecord[], more = true) =>
  pagesReducer(loadingPages(), { type: 'latest', page: page(records, 'older-c', more) });

describe('the first load', () => {
  it('of the newest page: older continues at its cursor, newer starts at the top row', () => {
    const pages = loaded([rec('b', 30), rec('a', 20)]);
    expect(ids(pages)).toEqual(['b:30', 'a:20']);
    expect(pages.older).toEqual({ cursor: 'older-c', more: true, loading: false });
    expect(pages.newer).toEqual({ cursor: '30:b', more: false, loading: false });
  });

  it('of an empty range has no newer cursor', () => {
    expect(loaded([]).newer).toEqual({ cursor: undefined, more: false, loading: false });
  });

  it('around a time: the page after it, turned newest first, above the page before it', () => {
    const back = page([rec('a', 50), rec('a', 40)], 'back-c', true);
    const ahead = page([rec('a', 60), rec('b', 70)], 'ahead-c', true);
    const pages = pagesReducer(loadingPages(), { type: 'around', back, ahead });
    expect(ids(pages)).toEqual(['b:70', 'a:60', 'a:50', 'a:40']);
    expect(pages.older).toEqual({ cursor: 'back-c', more: true, loading: false });
    expect(pages.newer).toEqual({ cursor: '70:b', more: true, loading: false });
    // The cursor goes on the anchor's row (the newest at or before the time).
    expect(aroundRows(back, ahead)).toMatchObject({ target: rec('a', 50), targetIndex: 2 });
  });

  it('around a time with nothing after it: newer continues at the forward cursor', () => {
    const back = page([rec('a', 50)]);
    const ahead = page([], 'ahead-c', false);
    const pages = pagesReducer(loadingPages(), { type: 'around', back, ahead });
    expect(pages.newer).toEqual({ cursor: 'ahead-c', more: false, loading: false });
  });

  it('around a time with nothing before it: the cursor goes on the oldest row after it', () => {
    const ahead = page([rec('a', 60), rec('a', 70)]);
    expect(aroundRows(page([]), ahead)).toMatchObject({ target: rec('a', 60), targetIndex: 2 });
    expect(aroundRows(page([]), page([])).target).toBeUndefined();
  });

  it('failing stops the older side and keeps the problem until the view changes', () => {
    const problem = { message: 'down', problem: 'unreachable', status: 502 };
    const failed = pagesReducer(loadingPages(), { type: 'failed', problem, during: 'first' });
    expect(failed.problem).toBe(problem);
    expect(failed.older).toEqual({ cursor: undefined, more: false, loading: false });
    const reset = pagesReducer(failed, { type: 'reset' });
    expect(reset.problem).toBeUndefined();
    expect(reset.older.loading).toBe(true);
  });
});

describe('older pages', () => {
  it('append below without repeating a row, and continue at the new cursor', () => {
    const first = loaded([rec('a', 30), rec('a', 20)]);
    const loading = pagesReducer(first, { type: 'loading', side: 'older' });
    expect(loading.older.loading).toBe(true);
    const next = pagesReducer(loading, {
      type: 'older',
      page: page([rec('a', 20), rec('b', 20), rec('a', 10)], 'c2', false),
    });
    // Same time on two devices: the higher device id is newer-first (the log's order reversed).
    expect(ids(next)).toEqual(['a:30', 'b:20', 'a:20', 'a:10']);
    expect(next.older).toEqual({ cursor: 'c2', more: false, loading: false });
  });

  it('count the empty steps of a rare text, and start again on a hit or when asked', () => {
    let pages = loaded([rec('a', 30)]);
    for (let i = 0; i < MAX_EMPTY_STEPS; i++) {
      pages = pagesReducer(pages, { type: 'older', page: page([], `c${i}`, true) });
    }
    expect(pages.emptySteps).toBe(MAX_EMPTY_STEPS);
    expect(pagesReducer(pages, { type: 'keep-searching' }).emptySteps).toBe(0);
    expect(pagesReducer(pages, { type: 'older', page: page([rec('a', 1)]) }).emptySteps).toBe(0);
  });

  it('failing keeps where to continue from', () => {
    const first = loaded([rec('a', 30)]);
    const problem = { message: 'bad', problem: undefined, status: 500 };
    const loading = pagesReducer(first, { type: 'loading', side: 'older' });
    const failed = pagesReducer(loading, { type: 'failed', problem, during: 'older' });
    expect(failed.older).toEqual({ cursor: 'older-c', more: true, loading: false });
    expect(failed.newer).toBe(first.newer);
  });
});

describe('newer pages', () => {
  it('go above and say how many, and continue from the newest row', () => {
    const first = loaded([rec('a', 30)]);
    const next = pagesReducer(first, {
      type: 'newer',
      page: page([rec('a', 40), rec('a', 50)], 'fwd', true),
    });
    expect(ids(next)).toEqual(['a:50', 'a:40', 'a:30']);
    expect(next.prepended).toEqual({ count: 2, serial: first.prepended.serial + 1 });
    expect(next.newer).toEqual({ cursor: '50:a', more: true, loading: false });
  });

  it('that come back empty continue at the page cursor', () => {
    const next = pagesReducer(loaded([rec('a', 30)]), {
      type: 'newer',
      page: page([], 'fwd', false),
    });
    expect(next.newer).toEqual({ cursor: 'fwd', more: false, loading: false });
  });
});

describe('the live tail', () => {
  it('adds only the records not shown, counted as put above', () => {
    const first = loaded([rec('a', 30)]);
    const next = pagesReducer(first, { type: 'live', records: [rec('a', 30), rec('a', 40)] });
    expect(ids(next)).toEqual(['a:40', 'a:30']);
    expect(next.prepended).toEqual({ count: 1, serial: first.prepended.serial + 1 });
  });

  it('changes nothing when every record is shown already', () => {
    const first = loaded([rec('a', 30)]);
    expect(pagesReducer(first, { type: 'live', records: [rec('a', 30)] })).toBe(first);
  });

  it('keeps counting what was put above across a change of view', () => {
    const first = pagesReducer(loaded([rec('a', 30)]), { type: 'live', records: [rec('a', 40)] });
    expect(pagesReducer(first, { type: 'reset' }).prepended).toEqual(first.prepended);
  });
});

describe('mergeRows', () => {
  it('returns the same rows when nothing is new', () => {
    const rows = [rec('a', 2), rec('a', 1)];
    expect(mergeRows(rows, [rec('a', 1)])).toBe(rows);
  });
});
