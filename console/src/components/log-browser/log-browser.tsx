'use client';

import { formatLogQuery, type LogRecord, parseLogQuery, toggleLogQueryTerm } from '@tagtime/log';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  apiUrl,
  BrowserApiError,
  type Facets,
  fetchFacets,
  fetchHistogram,
  fetchPage,
  type Histogram,
  newestFirst,
  type QueryParams,
  recordId,
} from './api';
import { FacetList, type FacetValue } from './facet-list';
import { LogTable } from './log-table';
import { QueryBar } from './query-bar';
import { RecordDetail } from './record-detail';
import { deviceColors as colorsFor, KIND_COLORS, KIND_ORDER } from './styles';
import { formatRecordTime } from './time';
import { useLiveTail } from './use-live-tail';
import {
  isOpenEnded,
  parseViewState,
  type RangePreset,
  rangeOf,
  type ViewState,
  viewSearch,
} from './view-state';
import { VolumeChart } from './volume-chart';

export interface DeviceLabel {
  id: string;
  name: string;
  kind: string;
}

const PAGE = 200;
const AROUND = 60;
/** A rare text reads the log a bounded step per call; the browser goes on while it is looking. */
const MAX_EMPTY_STEPS = 200;

const position = (record: LogRecord) => `${record.t}:${record.device}`;

interface Side {
  cursor: string | undefined;
  more: boolean;
  loading: boolean;
}

type Problem = { message: string; problem: string | undefined; status: number };

function problemOf(error: unknown): Problem {
  if (error instanceof BrowserApiError) {
    return { message: error.message, problem: error.problem, status: error.status };
  }
  return {
    message: error instanceof Error ? error.message : String(error),
    problem: undefined,
    status: 0,
  };
}

function mergeRows(rows: LogRecord[], added: LogRecord[]): LogRecord[] {
  const seen = new Set(rows.map(recordId));
  const fresh = added.filter((record) => !seen.has(recordId(record)));
  if (fresh.length === 0) return rows;
  return [...rows, ...fresh].sort(newestFirst);
}

/**
 * The support log browser: a user's merged log (every device interleaved by time) as one
 * virtualized table, newest first, with the query, facets, volume chart, detail panel, live
 * tail and export around it. Everything that makes the view lives in the URL.
 */
export function LogBrowser({
  userId,
  timeZone,
  devices,
  initialSearch,
}: {
  userId: string;
  timeZone: string;
  devices: DeviceLabel[];
  /** The page's query string, so the server's and the browser's first render agree. */
  initialSearch: string;
}) {
  const [view, setView] = useState<ViewState>(() =>
    parseViewState(new URLSearchParams(initialSearch)),
  );
  const [rows, setRows] = useState<LogRecord[]>([]);
  const [older, setOlder] = useState<Side>({ cursor: undefined, more: false, loading: true });
  const [newer, setNewer] = useState<Side>({ cursor: undefined, more: false, loading: false });
  const [facets, setFacets] = useState<Facets | undefined>();
  const [histogram, setHistogram] = useState<Histogram | undefined>();
  const [problem, setProblem] = useState<Problem | undefined>();
  const [liveProblem, setLiveProblem] = useState<string | undefined>();
  const [cursorId, setCursorId] = useState<string | undefined>();
  const [live, setLive] = useState<'off' | 'following' | 'paused'>('off');
  const [pending, setPending] = useState<Array<{ from: number; to: number }>>([]);
  const [fresh, setFresh] = useState<ReadonlySet<string>>(new Set());
  const [prepended, setPrepended] = useState({ count: 0, serial: 0 });
  const [scrollTo, setScrollTo] = useState<{ index: number; serial: number } | undefined>();
  const [emptySteps, setEmptySteps] = useState(0);
  const [loadedAt, setLoadedAt] = useState(0);
  const queryRef = useRef<HTMLInputElement>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const generation = useRef(0);

  const names = useMemo(
    () => Object.fromEntries(devices.map((device) => [device.id, device.name])),
    [devices],
  );
  const colors = useMemo(() => colorsFor(devices.map((device) => device.id)), [devices]);
  const query: QueryParams = useMemo(
    () => ({ ...(view.q ? { q: view.q } : {}), ...rangeOf(view, loadedAt || Date.now()) }),
    [view, loadedAt],
  );

  // The URL follows the view (a filter change is a history step; moving the selection is not).
  const commit = useCallback((next: ViewState, mode: 'push' | 'replace' = 'push') => {
    setView(next);
    const url = `${window.location.pathname}${viewSearch(next)}`;
    if (mode === 'push') window.history.pushState(null, '', url);
    else window.history.replaceState(null, '', url);
  }, []);

  useEffect(() => {
    const onPop = () => setView(parseViewState(new URLSearchParams(window.location.search)));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

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

  // Everything the view shows, loaded afresh when the query, range or jump changes.
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
    setProblem(undefined);
    setRows([]);
    setEmptySteps(0);
    setOlder({ cursor: undefined, more: false, loading: true });
    setNewer({ cursor: undefined, more: false, loading: false });
    const load = async () => {
      if (anchor === undefined) {
        const page = await fetchPage(userId, { ...params, dir: 'backward', limit: PAGE });
        if (serial !== generation.current) return;
        setRows(page.records);
        setOlder({ cursor: page.cursor, more: page.more, loading: false });
        const top = page.records[0];
        setNewer({ cursor: top ? position(top) : undefined, more: false, loading: false });
      } else {
        const place = `${anchor}:~`;
        const [back, ahead] = await Promise.all([
          fetchPage(userId, { ...params, dir: 'backward', cursor: place, limit: AROUND }),
          fetchPage(userId, { ...params, dir: 'forward', cursor: place, limit: AROUND }),
        ]);
        if (serial !== generation.current) return;
        const above = [...ahead.records].reverse();
        setRows([...above, ...back.records]);
        setOlder({ cursor: back.cursor, more: back.more, loading: false });
        const top = above[0];
        setNewer({ cursor: top ? position(top) : ahead.cursor, more: ahead.more, loading: false });
        const target = back.records[0] ?? above.at(-1);
        if (target) {
          setCursorId(recordId(target));
          setScrollTo({ index: above.length, serial });
        }
      }
    };
    Promise.all([load(), refreshCounts(params, serial)]).catch((error: unknown) => {
      if (serial !== generation.current) return;
      setProblem(problemOf(error));
      setOlder({ cursor: undefined, more: false, loading: false });
    });
  }, [userId, q, range, from, to, at, refreshCounts]);

  const loadOlder = useCallback(async () => {
    if (!older.more || older.loading || problem || emptySteps >= MAX_EMPTY_STEPS) return;
    const serial = generation.current;
    setOlder((side) => ({ ...side, loading: true }));
    try {
      const page = await fetchPage(userId, {
        ...query,
        dir: 'backward',
        ...(older.cursor ? { cursor: older.cursor } : {}),
        limit: PAGE,
      });
      if (serial !== generation.current) return;
      setRows((current) => mergeRows(current, page.records));
      setOlder({ cursor: page.cursor, more: page.more, loading: false });
      setEmptySteps((steps) => (page.records.length === 0 ? steps + 1 : 0));
    } catch (error) {
      if (serial !== generation.current) return;
      setProblem(problemOf(error));
      setOlder((side) => ({ ...side, loading: false }));
    }
  }, [userId, query, older, problem, emptySteps]);

  const loadNewer = useCallback(async () => {
    if (!newer.more || newer.loading || problem) return;
    const serial = generation.current;
    setNewer((side) => ({ ...side, loading: true }));
    try {
      const page = await fetchPage(userId, {
        ...query,
        dir: 'forward',
        ...(newer.cursor ? { cursor: newer.cursor } : {}),
        limit: PAGE,
      });
      if (serial !== generation.current) return;
      setRows((current) => mergeRows(current, page.records));
      setPrepended((p) => ({ count: page.records.length, serial: p.serial + 1 }));
      const top = page.records.at(-1);
      setNewer({ cursor: top ? position(top) : page.cursor, more: page.more, loading: false });
    } catch (error) {
      if (serial !== generation.current) return;
      setProblem(problemOf(error));
      setNewer((side) => ({ ...side, loading: false }));
    }
  }, [userId, query, newer, problem]);

  // Live tail: what a log gained is fetched for its time span and slides into place.
  const canLive = isOpenEnded(view) && !newer.more;
  const following = live === 'following' && canLive;
  const fetchSpan = useCallback(
    async (span: { from: number; to: number }) => {
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
      if (serial !== generation.current || page.records.length === 0) return;
      setRows((current) => {
        const merged = mergeRows(current, page.records);
        const added = merged.length - current.length;
        if (added > 0) setPrepended((p) => ({ count: added, serial: p.serial + 1 }));
        return merged;
      });
      setFresh((current) => new Set([...current, ...page.records.map(recordId)]));
      void refreshCounts({ ...(view.q ? { q: view.q } : {}), ...base }, serial).catch(() => {});
    },
    [userId, view, refreshCounts],
  );
  const catchUp = useCallback(() => {
    const top = rows[0];
    void fetchSpan({
      from: top ? top.t : Date.now() - 5 * 60_000,
      to: Number.MAX_SAFE_INTEGER,
    }).catch((error: unknown) => setLiveProblem(problemOf(error).message));
  }, [rows, fetchSpan]);
  useLiveTail(userId, live !== 'off' && canLive, {
    onGrowth: (_device, spanFrom, head) => {
      if (live === 'paused') {
        setPending((spans) => [...spans, { from: spanFrom, to: head }]);
        return;
      }
      void fetchSpan({ from: spanFrom, to: head }).catch((error: unknown) =>
        setLiveProblem(problemOf(error).message),
      );
    },
    onConnected: catchUp,
    onProblem: setLiveProblem,
    onStopped: () => setLive('off'),
  });
  useEffect(() => {
    if (!following || pending.length === 0) return;
    const spans = pending;
    setPending([]);
    const span = {
      from: Math.min(...spans.map((s) => s.from)),
      to: Math.max(...spans.map((s) => s.to)),
    };
    void fetchSpan(span).catch((error: unknown) => setLiveProblem(problemOf(error).message));
  }, [following, pending, fetchSpan]);
  useEffect(() => {
    if (fresh.size === 0) return;
    const timer = setTimeout(() => setFresh(new Set()), 4000);
    return () => clearTimeout(timer);
  }, [fresh]);

  const open = useCallback(
    (record: { device: string; t: number }) => {
      setCursorId(recordId(record));
      commit({ ...view, sel: { device: record.device, t: record.t } }, 'replace');
    },
    [view, commit],
  );

  // Keyboard: j/k move, Enter opens, / focuses the query, Esc closes.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      const typing =
        target &&
        (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.isContentEditable);
      if (typing || event.metaKey || event.ctrlKey || event.altKey) return;
      const index = rows.findIndex((record) => recordId(record) === cursorId);
      if (event.key === 'j' || event.key === 'k') {
        event.preventDefault();
        const next =
          event.key === 'j' ? Math.min(rows.length - 1, index + 1) : Math.max(0, index - 1);
        const record = rows[index < 0 ? 0 : next];
        if (record) {
          setCursorId(recordId(record));
          setScrollTo({ index: rows.indexOf(record), serial: Date.now() });
        }
      } else if (event.key === 'Enter') {
        const record = rows[index];
        if (record) {
          event.preventDefault();
          open(record);
        }
      } else if (event.key === '/') {
        event.preventDefault();
        queryRef.current?.focus();
        queryRef.current?.select();
      } else if (event.key === 'Escape' && view.sel) {
        commit({ ...view, sel: undefined }, 'replace');
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [rows, cursorId, view, open, commit]);

  const parsedQuery = useMemo(() => {
    try {
      return parseLogQuery(view.q);
    } catch {
      return undefined;
    }
  }, [view.q]);
  const toggle = (field: 'kind' | 'device', value: string, only: boolean) => {
    const base = parsedQuery ?? parseLogQuery('');
    commit({
      ...view,
      q: formatLogQuery(toggleLogQueryTerm(base, field, value, { only })),
      at: undefined,
    });
  };
  const kindValues: FacetValue[] = KIND_ORDER.filter(
    (kind) => (facets?.kinds[kind] ?? 0) > 0 || parsedQuery?.kinds.includes(kind),
  ).map((kind) => ({
    value: kind,
    label: kind,
    count: facets?.kinds[kind] ?? 0,
    color: KIND_COLORS[kind] ?? '#64748b',
    state: parsedQuery?.kinds.includes(kind)
      ? 'in'
      : parsedQuery?.notKinds.includes(kind)
        ? 'out'
        : undefined,
  }));
  const deviceValues: FacetValue[] = devices
    .filter((device) => facets?.devices[device.id] !== undefined)
    .map((device) => ({
      value: device.id,
      label: `${device.name} · ${device.kind}`,
      count: facets?.devices[device.id] ?? 0,
      color: colors[device.id] ?? '#64748b',
      state: parsedQuery?.devices.includes(device.id)
        ? 'in'
        : parsedQuery?.notDevices.includes(device.id)
          ? 'out'
          : undefined,
    }));

  const queryProblem = problem && problem.status === 400 ? problem.message : undefined;
  const serverProblem = problem && problem.status !== 400 ? problem : undefined;
  const exportUrl = (format: 'jsonl' | 'csv') => apiUrl(userId, 'export', { ...query, format });
  const openId = view.sel ? recordId(view.sel) : undefined;
  const reachedBack = older.cursor ? Number(older.cursor.split(':')[0]) : undefined;

  const footer = older.loading ? (
    'Loading older records…'
  ) : older.more ? (
    emptySteps >= MAX_EMPTY_STEPS ? (
      <button type="button" className="text-brand-700 underline" onClick={() => setEmptySteps(0)}>
        Searched back to {reachedBack ? formatRecordTime(reachedBack, timeZone) : '?'} — keep
        searching
      </button>
    ) : (
      `Searching older records… (back to ${reachedBack ? formatRecordTime(reachedBack, timeZone) : '?'})`
    )
  ) : rows.length === 0 ? (
    <span data-testid="log-empty">No records match this query in this range.</span>
  ) : (
    `The start of the range: ${rows.length.toLocaleString('en-US')} records shown.`
  );

  return (
    <div className="space-y-4" data-testid="log-browser">
      <QueryBar
        view={view}
        timeZone={timeZone}
        queryRef={queryRef}
        queryError={queryProblem}
        live={live}
        canLive={canLive}
        pending={pending.length}
        exportUrl={exportUrl}
        onQuery={(text) => commit({ ...view, q: text, at: undefined })}
        onPreset={(preset: RangePreset) =>
          commit({ ...view, range: preset, from: undefined, to: undefined, at: undefined })
        }
        onCustom={(start, end) =>
          commit({ ...view, range: 'custom', from: start, to: end, at: undefined })
        }
        onJump={(t) => commit({ ...view, at: t })}
        onLive={(next) => {
          setLive(next);
          setLiveProblem(undefined);
          if (next === 'off') setPending([]);
        }}
      />
      {serverProblem && (
        <div
          role="alert"
          className="rounded-md bg-red-50 px-4 py-3 text-sm text-red-900 ring-1 ring-red-200"
          data-testid="log-server-problem"
          data-problem={serverProblem.problem ?? 'failed'}
        >
          <p className="font-medium">
            {serverProblem.problem === 'unreachable'
              ? 'The log server cannot be reached.'
              : serverProblem.problem === 'refused'
                ? "The log server refuses the console's credential."
                : serverProblem.status === 403
                  ? 'Not allowed.'
                  : 'The log server could not answer.'}
          </p>
          <p>{serverProblem.message}</p>
        </div>
      )}
      {liveProblem && (
        <p className="text-xs text-amber-800" data-testid="live-problem">
          {liveProblem}
        </p>
      )}
      <div
        className={`grid gap-4 ${view.sel ? '2xl:grid-cols-[13rem_1fr]' : 'lg:grid-cols-[13rem_1fr]'}`}
      >
        {/* With a record open, the facets give the table their room (below very wide screens). */}
        <div className={`order-2 lg:order-1 ${view.sel ? 'lg:hidden 2xl:block' : ''}`}>
          {facets ? (
            <FacetList
              kinds={kindValues}
              devices={deviceValues}
              note={
                facets.textApplied
                  ? undefined
                  : 'Counts leave the text out (too many records to read).'
              }
              onToggle={toggle}
            />
          ) : (
            <p className="text-sm text-slate-500">{problem ? '—' : 'Counting…'}</p>
          )}
        </div>
        <div className="order-1 min-w-0 space-y-3 lg:order-2">
          {histogram && (
            <div className="rounded-lg bg-white p-2 shadow-sm ring-1 ring-slate-200">
              <p className="px-2 text-xs text-slate-500" data-testid="log-total">
                {(facets?.total ?? histogram.total).toLocaleString('en-US')} records
                {histogram.textApplied ? '' : ' (counted without the text)'} · drag across the bars
                to narrow the range
              </p>
              <VolumeChart
                histogram={histogram}
                timeZone={timeZone}
                onRange={(start, end) =>
                  commit({ ...view, range: 'custom', from: start, to: end, at: undefined })
                }
              />
            </div>
          )}
          <div className={`grid gap-4 ${view.sel ? 'lg:grid-cols-[1fr_24rem]' : ''}`}>
            <div className="min-w-0">
              {newer.more && (
                <button
                  type="button"
                  className="mb-1 w-full rounded bg-slate-100 py-1 text-xs text-slate-600 hover:bg-slate-200"
                  onClick={() => void loadNewer()}
                  data-testid="load-newer"
                >
                  {newer.loading ? 'Loading newer records…' : 'Newer records ↑'}
                </button>
              )}
              <LogTable
                rows={rows}
                timeZone={timeZone}
                deviceNames={names}
                deviceColors={colors}
                cursorId={cursorId}
                openId={openId}
                fresh={fresh}
                prepended={prepended}
                scrollTo={scrollTo}
                footer={footer}
                onOpen={open}
                onNearEnd={loadOlder}
                onNearStart={loadNewer}
                scrollRef={scrollRef}
              />
              <p className="mt-1 text-xs text-slate-500">
                j/k move · Enter opens · / query · Esc closes
              </p>
            </div>
            {view.sel && (
              <RecordDetail
                userId={userId}
                selected={view.sel}
                timeZone={timeZone}
                deviceNames={names}
                deviceColors={colors}
                onOpen={open}
                onClose={() => commit({ ...view, sel: undefined }, 'replace')}
              />
            )}
          </div>
        </div>
      </div>
    </div>
  );
}
