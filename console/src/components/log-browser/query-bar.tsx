'use client';

import { type RefObject, useEffect, useState } from 'react';
import { fromLocalInput, toLocalInput } from './time';
import { RANGE_PRESETS, type RangePreset, type ViewState } from './view-state';

const PRESET_LABELS: Record<RangePreset, string> = {
  '1h': '1 h',
  '24h': '24 h',
  '7d': '7 d',
  '30d': '30 d',
  all: 'All',
};

/** One end of a custom range, typed in the reader's zone; an empty or partial value is undefined. */
function RangeEnd({
  label,
  t,
  timeZone,
  onChange,
}: {
  label: string;
  t: number | undefined;
  timeZone: string;
  onChange: (t: number | undefined) => void;
}) {
  return (
    <input
      type="datetime-local"
      step={1}
      aria-label={label}
      className="rounded border border-slate-300 px-1 py-0.5 text-xs"
      value={t !== undefined ? toLocalInput(t, timeZone) : ''}
      onChange={(event) => onChange(fromLocalInput(event.target.value, timeZone))}
    />
  );
}

/** The query box, the time range, jump-to-time, live tail and export. */
export function QueryBar({
  view,
  timeZone,
  queryRef,
  queryError,
  live,
  canLive,
  pending,
  exportUrl,
  onQuery,
  onPreset,
  onCustom,
  onJump,
  onLive,
}: {
  view: ViewState;
  timeZone: string;
  queryRef: RefObject<HTMLInputElement | null>;
  queryError: string | undefined;
  live: 'off' | 'following' | 'paused';
  canLive: boolean;
  pending: number;
  exportUrl: (format: 'jsonl' | 'csv') => string;
  onQuery: (q: string) => void;
  onPreset: (preset: RangePreset) => void;
  onCustom: (from: number | undefined, to: number | undefined) => void;
  onJump: (t: number) => void;
  onLive: (next: 'off' | 'following' | 'paused') => void;
}) {
  const [draft, setDraft] = useState(view.q);
  useEffect(() => setDraft(view.q), [view.q]);
  const [jump, setJump] = useState('');
  return (
    <div className="space-y-2">
      <form
        className="flex gap-2"
        onSubmit={(event) => {
          event.preventDefault();
          onQuery(draft.trim());
        }}
      >
        <input
          ref={queryRef}
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              setDraft(view.q);
              event.currentTarget.blur();
            }
          }}
          placeholder='kind:error device:watch "timeout"   (press / to come here)'
          aria-label="Query"
          className={`block w-full rounded-md border bg-white px-3 py-2 font-mono text-sm shadow-sm ${
            queryError ? 'border-red-400' : 'border-slate-300'
          }`}
          data-testid="log-query"
        />
        <button
          type="submit"
          className="rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white hover:bg-brand-700"
          data-testid="log-query-run"
        >
          Run
        </button>
      </form>
      {queryError && (
        <p role="alert" className="text-sm text-red-700" data-testid="log-query-error">
          {queryError}
        </p>
      )}
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2 text-sm">
        <fieldset
          className="flex overflow-hidden rounded-md ring-1 ring-slate-300"
          aria-label="Range"
        >
          {(Object.keys(RANGE_PRESETS) as RangePreset[]).map((preset) => (
            <button
              key={preset}
              type="button"
              onClick={() => onPreset(preset)}
              className={`px-2.5 py-1 ${view.range === preset ? 'bg-slate-800 text-white' : 'bg-white hover:bg-slate-50'}`}
              data-testid={`range-${preset}`}
              aria-pressed={view.range === preset}
            >
              {PRESET_LABELS[preset]}
            </button>
          ))}
        </fieldset>
        {view.range === 'custom' && (
          <span className="flex flex-wrap items-center gap-1" data-testid="range-custom">
            <RangeEnd
              label="From"
              t={view.from}
              timeZone={timeZone}
              onChange={(from) => onCustom(from, view.to)}
            />
            –
            <RangeEnd
              label="To"
              t={view.to}
              timeZone={timeZone}
              onChange={(to) => onCustom(view.from, to)}
            />
          </span>
        )}
        <form
          className="flex items-center gap-1"
          onSubmit={(event) => {
            event.preventDefault();
            const t = fromLocalInput(jump, timeZone);
            if (t !== undefined) onJump(t);
          }}
        >
          <input
            type="datetime-local"
            step={1}
            aria-label="Jump to a time"
            className="rounded border border-slate-300 px-1 py-0.5 text-xs"
            value={jump}
            onChange={(event) => setJump(event.target.value)}
            data-testid="jump-time"
          />
          <button
            type="submit"
            className="rounded px-2 py-1 text-xs ring-1 ring-slate-300 hover:bg-slate-50"
            data-testid="jump-go"
          >
            Jump
          </button>
        </form>
        <span className="flex items-center gap-2">
          {live === 'off' ? (
            <button
              type="button"
              disabled={!canLive}
              title={
                canLive ? 'Follow new records as they arrive' : 'Live needs a range open to now'
              }
              onClick={() => onLive('following')}
              className="rounded px-2 py-1 text-xs ring-1 ring-slate-300 hover:bg-slate-50 disabled:opacity-50"
              data-testid="live-start"
            >
              ● Live
            </button>
          ) : (
            <>
              <span
                className={`text-xs font-medium ${live === 'following' ? 'text-green-700' : 'text-amber-700'}`}
                data-testid="live-state"
              >
                {live === 'following'
                  ? '● following'
                  : `❚❚ paused${pending > 0 ? ` · ${pending} new` : ''}`}
              </span>
              <button
                type="button"
                onClick={() => onLive(live === 'following' ? 'paused' : 'following')}
                className="rounded px-2 py-1 text-xs ring-1 ring-slate-300 hover:bg-slate-50"
                data-testid="live-toggle"
              >
                {live === 'following' ? 'Pause' : 'Resume'}
              </button>
              <button
                type="button"
                onClick={() => onLive('off')}
                className="rounded px-2 py-1 text-xs ring-1 ring-slate-300 hover:bg-slate-50"
                data-testid="live-stop"
              >
                Stop
              </button>
            </>
          )}
        </span>
        <span className="ml-auto flex items-center gap-2 text-xs">
          Export:
          <a
            href={exportUrl('jsonl')}
            download
            className="text-brand-700 hover:underline"
            data-testid="export-jsonl"
          >
            JSON Lines
          </a>
          <a
            href={exportUrl('csv')}
            download
            className="text-brand-700 hover:underline"
            data-testid="export-csv"
          >
            CSV
          </a>
        </span>
      </div>
    </div>
  );
}
