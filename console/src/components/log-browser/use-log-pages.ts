'use client';

import type { LogRecord } from '@tagtime/log';
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import {
  type Facets,
  fetchFacets,
  fetchHistogram,
  fetchPage,
  type Histogram,
  problemOf,
  type QueryParams,
} from './api';
import { AROUND, aroundRows, loadingPages, MAX_EMPTY_STEPS, PAGE, pagesReducer } from './paging';
import { rangeOf, type ViewState } from './view-state';

/**
 * The records of a view and their counts: loaded afresh when the query, range or jump changes,
 * extended a page at a time at either end, and by the spans the live tail reports. Every load
 * carries the view's generation, so an answer for a view left behind is dropped.
 *
 * `onAnchored` hears where an anchored first load (a jump, a shared link's record) put the
 * anchor: the row and its index, to put the cursor on and scroll to.
 */
export function useLogPages(
  userId: string,
  view: ViewState,
  onAnchored: (record: LogRecord, index: number, serial: number) => void,
) {
  const [pages, dispatch] = useReducer(pagesReducer, undefined, () => loadingPages());
  const [facets, setFacets] = useState<Facets | undefined>();
  const [histogram, setHistogram] = useState<Histogram | undefined>();
  const [loadedAt, setLoadedAt] = useState(0);
  const generation = useRef(0);
  const anchored = useRef(onAnchored);
  anchored.current = onAnchored;

  const query: QueryParams = useMemo(
    () => ({ ...(view.q ? { q: view.q } : {}), ...rangeOf(view, loadedAt || Date.now()) }),
    [view, loadedAt],
  );

  const refreshCounts = useCallback(
    async (params: QueryParams, serial: number) => {
      const [facetAnswer, chart] = await Promise.all([
        fetchFacets(userId, params),
        fetchHistogram(userId, { ...params, buckets: 80 }),
      ]);
      if (serial !== generation.current) return;
      setFacets(facetAnswer);
      setHistogram(chart);
    },
    [userId],
  );

  const { q, range, from, to, at } = view;
  // A shared link opens its record where it is: the first load centres on it. Later, opening
  // and closing records never reloads the table.
  const linkedRecord = useRef(view.sel);
  useEffect(() => {
    const anchor = at ?? linkedRecord.current?.t;
    linkedRecord.current = undefined;
    const serial = ++generation.current;
    const now = Date.now();
    setLoadedAt(now);
    const params: QueryParams = {
      ...(q ? { q } : {}),
      ...rangeOf({ q, range, from, to, at, sel: undefined }, now),
    };
    dispatch({ type: 'reset' });
    const load = async () => {
      if (anchor === undefined) {
        const page = await fetchPage(userId, { ...params, dir: 'backward', limit: PAGE });
        if (serial !== generation.current) return;
        dispatch({ type: 'latest', page });
      } else {
        const place = `${anchor}:~`;
        const [back, ahead] = await Promise.all([
          fetchPage(userId, { ...params, dir: 'backward', cursor: place, limit: AROUND }),
          fetchPage(userId, { ...params, dir: 'forward', cursor: place, limit: AROUND }),
        ]);
        if (serial !== generation.current) return;
        dispatch({ type: 'around', back, ahead });
        const { target, targetIndex } = aroundRows(back, ahead);
        if (target) anchored.current(target, targetIndex, serial);
      }
    };
    Promise.all([load(), refreshCounts(params, serial)]).catch((error: unknown) => {
      if (serial !== generation.current) return;
      dispatch({ type: 'failed', problem: problemOf(error), during: 'first' });
    });
  }, [userId, q, range, from, to, at, refreshCounts]);

  // The table asks again whenever these change (see LogTable's onNearEnd), so their identity
  // follows exactly the state they read.
  const { older, newer, problem, emptySteps } = pages;
  const loadOlder = useCallback(async () => {
    if (!older.more || older.loading || problem || emptySteps >= MAX_EMPTY_STEPS) return;
    const serial = generation.current;
    dispatch({ type: 'loading', side: 'older' });
    try {
      const page = await fetchPage(userId, {
        ...query,
        dir: 'backward',
        ...(older.cursor ? { cursor: older.cursor } : {}),
        limit: PAGE,
      });
      if (serial !== generation.current) return;
      dispatch({ type: 'older', page });
    } catch (error) {
      if (serial !== generation.current) return;
      dispatch({ type: 'failed', problem: problemOf(error), during: 'older' });
    }
  }, [userId, query, older, problem, emptySteps]);

  const loadNewer = useCallback(async () => {
    if (!newer.more || newer.loading || problem) return;
    const serial = generation.current;
    dispatch({ type: 'loading', side: 'newer' });
    try {
      const page = await fetchPage(userId, {
        ...query,
        dir: 'forward',
        ...(newer.cursor ? { cursor: newer.cursor } : {}),
        limit: PAGE,
      });
      if (serial !== generation.current) return;
      dispatch({ type: 'newer', page });
    } catch (error) {
      if (serial !== generation.current) return;
      dispatch({ type: 'failed', problem: problemOf(error), during: 'newer' });
    }
  }, [userId, query, newer, problem]);

  /**
   * Fetches what the log gained in a time span (as the live tail reports it), puts it in place
   * and counts again. Resolves with the records fetched; none when the view changed meanwhile.
   */
  const addSpan = useCallback(
    async (span: { from: number; to: number }): Promise<LogRecord[]> => {
      const serial = generation.current;
      const base = rangeOf(view, Date.now());
      const spanFrom = Math.max(span.from, base.from ?? 0);
      const page = await fetchPage(userId, {
        ...(view.q ? { q: view.q } : {}),
        from: spanFrom,
        to: span.to,
        dir: 'forward',
        limit: 1000,
      });
      if (serial !== generation.current || page.records.length === 0) return [];
      dispatch({ type: 'live', records: page.records });
      // The counts are a side view: a failed recount keeps the last ones until the next growth,
      // while the rows (what the person follows) are already in place.
      void refreshCounts({ ...(view.q ? { q: view.q } : {}), ...base }, serial).catch(() => {});
      return page.records;
    },
    [userId, view, refreshCounts],
  );

  const keepSearching = useCallback(() => dispatch({ type: 'keep-searching' }), []);

  return { ...pages, facets, histogram, query, loadOlder, loadNewer, addSpan, keepSearching };
}
