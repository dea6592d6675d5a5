'use client';

import type { LogRecord } from '@tagtime/log';
import { useEffect, useState } from 'react';
import { recordSummary } from '@/lib/record-summary';
import { BrowserApiError, fetchContext, type RecordContext, recordId } from './api';
import { KIND_BADGE } from './styles';
import { formatRecordTime } from './time';

/** How the detail shows records: in the reader's zone, devices by name and colour, each a link. */
interface RecordLook {
  timeZone: string;
  deviceNames: Record<string, string>;
  deviceColors: Record<string, string>;
  onOpen: (record: LogRecord) => void;
}

function Neighbours({
  title,
  around: { before, after },
  record,
  look: { timeZone, deviceNames, deviceColors, onOpen },
  testId,
}: {
  title: string;
  around: { before: LogRecord[]; after: LogRecord[] };
  record: LogRecord;
  look: RecordLook;
  testId: string;
}) {
  // Oldest at the top, the record itself in the middle: the log as it happened.
  const list = [...before].reverse();
  const line = (item: LogRecord, self = false) => (
    <li key={recordId(item)}>
      <button
        type="button"
        disabled={self}
        onClick={() => onOpen(item)}
        className={`grid w-full grid-cols-[auto_auto_1fr] items-center gap-2 rounded px-1 py-0.5 text-left text-xs ${
          self ? 'bg-brand-50 font-semibold' : 'hover:bg-slate-100'
        }`}
        data-testid={self ? undefined : `${testId}-item`}
      >
        <span className="font-mono">{formatRecordTime(item.t, timeZone).slice(11)}</span>
        <span
          className="inline-block h-2 w-2 rounded-full"
          style={{ backgroundColor: deviceColors[item.device] ?? '#64748b' }}
          title={deviceNames[item.device] ?? item.device}
        />
        <span className="truncate">
          <span className={`mr-1 rounded px-1 ${KIND_BADGE[item.kind] ?? ''}`}>{item.kind}</span>
          {recordSummary(item)}
        </span>
      </button>
    </li>
  );
  return (
    <div>
      <h4 className="mb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">{title}</h4>
      {before.length + after.length === 0 ? (
        <p className="text-xs text-slate-500">Nothing around it.</p>
      ) : (
        <ul data-testid={testId}>
          {list.map((item) => line(item))}
          {line(record, true)}
          {after.map((item) => line(item))}
        </ul>
      )}
    </div>
  );
}

/** The open record: its JSON, and what happened around it on its device and on the others. */
export function RecordDetail({
  userId,
  selected,
  onClose,
  ...look
}: RecordLook & {
  userId: string;
  selected: { device: string; t: number };
  onClose: () => void;
}) {
  const { timeZone, deviceNames } = look;
  const [context, setContext] = useState<RecordContext | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [copied, setCopied] = useState(false);
  const { device, t } = selected;
  useEffect(() => {
    let current = true;
    setContext(undefined);
    setError(undefined);
    fetchContext(userId, { device, t })
      .then((answer) => current && setContext(answer))
      .catch((caught: unknown) => {
        if (!current) return;
        setError(caught instanceof BrowserApiError ? caught.message : String(caught));
      });
    return () => {
      current = false;
    };
  }, [userId, device, t]);
  const record = context?.record;
  return (
    <aside
      className="min-w-0 space-y-3 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200"
      data-testid="record-detail"
      aria-label="Record"
    >
      <header className="flex items-start justify-between gap-2">
        <div className="min-w-0">
          <p className="font-mono text-xs text-slate-500" data-testid="record-detail-time">
            {formatRecordTime(t, timeZone)}
          </p>
          <p className="truncate text-sm font-medium">
            {deviceNames[device] ?? device} <code className="text-xs text-slate-500">{device}</code>
          </p>
        </div>
        <div className="flex shrink-0 gap-2">
          <button
            type="button"
            className="rounded px-2 py-1 text-xs ring-1 ring-slate-300 hover:bg-slate-50"
            onClick={() => {
              void navigator.clipboard?.writeText(window.location.href).then(() => setCopied(true));
            }}
            data-testid="copy-link"
          >
            {copied ? 'Copied' : 'Copy link'}
          </button>
          <button
            type="button"
            className="rounded px-2 py-1 text-xs ring-1 ring-slate-300 hover:bg-slate-50"
            onClick={onClose}
            aria-label="Close (Esc)"
            data-testid="record-detail-close"
          >
            ✕
          </button>
        </div>
      </header>
      {error && (
        <p role="alert" className="text-sm text-red-700" data-testid="record-detail-error">
          {error}
        </p>
      )}
      {!record && !error && <p className="text-sm text-slate-500">Loading…</p>}
      {record && context && (
        <>
          <pre
            className="max-h-64 overflow-auto rounded bg-slate-900 p-3 text-xs text-slate-100"
            data-testid="record-json"
          >
            {JSON.stringify(record, null, 2)}
          </pre>
          <Neighbours
            title="Same device"
            around={context.device}
            record={record}
            look={look}
            testId="neighbours-device"
          />
          <Neighbours
            title="Other devices around it"
            around={context.others}
            record={record}
            look={look}
            testId="neighbours-others"
          />
        </>
      )}
    </aside>
  );
}
