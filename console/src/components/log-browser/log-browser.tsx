'use client';

import type { LogRecord } from '@tagtime/log';
import { useCallback, useMemo, useRef, useState } from 'react';
import { apiUrl, recordId, seedIntent } from './api';
import { type DeviceLabel, LogFacets } from './log-facets';
import { LogTable } from './log-table';
import { PagingFooter } from './paging-footer';
import { QueryBar } from './query-bar';
import { RecordDetail } from './record-detail';
import { ServerProblem } from './server-problem';
import { deviceColors as colorsFor } from './styles';
import { useLiveRows } from './use-live-rows';
import { KEYBOARD_HINT, useLogKeyboard } from './use-log-keyboard';
import { useLogPages } from './use-log-pages';
import { useViewUrl } from './use-view-url';
import { isOpenEnded, type RangePreset } from './view-state';
import { VolumeChart } from './volume-chart';

export type { DeviceLabel };

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
  intent,
}: {
  userId: string;
  /** The page view's audit intent: the first query's reads count on the page's audit row. */
  intent: string;
  timeZone: string;
  devices: DeviceLabel[];
  /** The page's query string, so the server's and the browser's first render agree. */
  initialSearch: string;
}) {
  useState(() => seedIntent(intent));
  const [view, commit] = useViewUrl(initialSearch);
  const [cursorId, setCursorId] = useState<string | undefined>();
  const [scrollTo, setScrollTo] = useState<{ index: number; serial: number } | undefined>();
  const queryRef = useRef<HTMLInputElement>(null);
  const scrollRef = useRef<HTMLDivElement>(null);

  const names = useMemo(
    () => Object.fromEntries(devices.map((device) => [device.id, device.name])),
    [devices],
  );
  const colors = useMemo(() => colorsFor(devices.map((device) => device.id)), [devices]);

  const pages = useLogPages(userId, view, (record, index, serial) => {
    setCursorId(recordId(record));
    setScrollTo({ index, serial });
  });
  const { rows, older, newer, problem, facets, histogram } = pages;

  const canLive = isOpenEnded(view) && !newer.more;
  const live = useLiveRows({ userId, canLive, newest: rows[0], addSpan: pages.addSpan });

  const open = useCallback(
    (record: { device: string; t: number }) => {
      setCursorId(recordId(record));
      commit({ ...view, sel: { device: record.device, t: record.t } }, 'replace');
    },
    [view, commit],
  );
  const close = () => commit({ ...view, sel: undefined }, 'replace');
  const narrow = (start: number | undefined, end: number | undefined) =>
    commit({ ...view, range: 'custom', from: start, to: end, at: undefined });

  useLogKeyboard({
    rows,
    cursorId,
    queryRef,
    onCursor: (record: LogRecord, index: number) => {
      setCursorId(recordId(record));
      setScrollTo({ index, serial: Date.now() });
    },
    onOpen: open,
    onClose: view.sel ? close : undefined,
  });

  const queryProblem = problem && problem.status === 400 ? problem.message : undefined;
  const serverProblem = problem && problem.status !== 400 ? problem : undefined;
  const exportUrl = (format: 'jsonl' | 'csv') =>
    apiUrl(userId, 'export', { ...pages.query, format });
  const openId = view.sel ? recordId(view.sel) : undefined;

  return (
    <div className="space-y-4" data-testid="log-browser">
      <QueryBar
        view={view}
        timeZone={timeZone}
        queryRef={queryRef}
        queryError={queryProblem}
        live={live.live}
        canLive={canLive}
        pending={live.pending}
        exportUrl={exportUrl}
        onQuery={(text) => commit({ ...view, q: text, at: undefined })}
        onPreset={(preset: RangePreset) =>
          commit({ ...view, range: preset, from: undefined, to: undefined, at: undefined })
        }
        onCustom={narrow}
        onJump={(t) => commit({ ...view, at: t })}
        onLive={live.changeMode}
      />
      {serverProblem && <ServerProblem problem={serverProblem} />}
      {live.liveProblem && (
        <p className="text-xs text-amber-800" data-testid="live-problem">
          {live.liveProblem}
        </p>
      )}
      <div
        className={`grid gap-4 ${view.sel ? '2xl:grid-cols-[13rem_1fr]' : 'lg:grid-cols-[13rem_1fr]'}`}
      >
        {/* With a record open, the facets give the table their room (below very wide screens). */}
        <div className={`order-2 lg:order-1 ${view.sel ? 'lg:hidden 2xl:block' : ''}`}>
          <LogFacets
            q={view.q}
            facets={facets}
            failed={problem !== undefined}
            devices={devices}
            colors={colors}
            onQuery={(text) => commit({ ...view, q: text, at: undefined })}
          />
        </div>
        <div className="order-1 min-w-0 space-y-3 lg:order-2">
          {histogram && (
            <div className="rounded-lg bg-white p-2 shadow-sm ring-1 ring-slate-200">
              <p className="px-2 text-xs text-slate-500" data-testid="log-total">
                {(facets?.total ?? histogram.total).toLocaleString('en-US')} records
                {histogram.textApplied ? '' : ' (counted without the text)'} · drag across the bars
                to narrow the range
              </p>
              <VolumeChart histogram={histogram} timeZone={timeZone} onRange={narrow} />
            </div>
          )}
          <div className={`grid gap-4 ${view.sel ? 'lg:grid-cols-[1fr_24rem]' : ''}`}>
            <div className="min-w-0">
              {newer.more && (
                <button
                  type="button"
                  className="mb-1 w-full rounded bg-slate-100 py-1 text-xs text-slate-600 hover:bg-slate-200"
                  onClick={() => void pages.loadNewer()}
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
                fresh={live.fresh}
                prepended={pages.prepended}
                scrollTo={scrollTo}
                footer={
                  <PagingFooter
                    older={older}
                    emptySteps={pages.emptySteps}
                    rowCount={rows.length}
                    timeZone={timeZone}
                    onKeepSearching={pages.keepSearching}
                  />
                }
                onOpen={open}
                onNearEnd={pages.loadOlder}
                onNearStart={pages.loadNewer}
                scrollRef={scrollRef}
              />
              <p className="mt-1 text-xs text-slate-500">{KEYBOARD_HINT}</p>
            </div>
            {view.sel && (
              <RecordDetail
                userId={userId}
                selected={view.sel}
                timeZone={timeZone}
                deviceNames={names}
                deviceColors={colors}
                onOpen={open}
                onClose={close}
              />
            )}
          </div>
        </div>
      </div>
    </div>
  );
}
