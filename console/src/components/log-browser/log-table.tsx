'use client';

import type { LogRecord } from '@tagtime/log';
import {
  createColumnHelper,
  flexRender,
  getCoreRowModel,
  useReactTable,
} from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { type RefObject, useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import { recordSummary } from '@/lib/record-summary';
import { recordId } from './api';
import { KIND_BADGE, rowTone } from './styles';
import { formatRecordTime } from './time';

export const ROW_HEIGHT = 32;

const column = createColumnHelper<LogRecord>();

const GRID = 'grid grid-cols-[6.5rem_0.75rem_4rem_1fr] sm:grid-cols-[12.5rem_9rem_5rem_1fr]';

export interface LogTableProps {
  rows: LogRecord[];
  timeZone: string;
  deviceNames: Record<string, string>;
  deviceColors: Record<string, string>;
  /** The row the keyboard is on, and the row open in the detail panel. */
  cursorId: string | undefined;
  openId: string | undefined;
  /** Rows that arrived through the live tail, shown sliding in. */
  fresh: ReadonlySet<string>;
  /** Rows added above the first one since the last render, to keep the place while scrolled. */
  prepended: { count: number; serial: number };
  /** Index to bring into view (a jump, a keyboard move). */
  scrollTo: { index: number; serial: number } | undefined;
  footer: React.ReactNode;
  onOpen: (record: LogRecord) => void;
  onNearEnd: () => void;
  onNearStart: () => void;
  scrollRef: RefObject<HTMLDivElement | null>;
}

/**
 * The log browser's one virtualized table: only the rows in view are in the page, so a
 * thousand-row page and a million-row log scroll alike. Scrolling near either end asks for the
 * next page that way.
 */
export function LogTable(props: LogTableProps) {
  const { rows, timeZone, deviceNames, deviceColors } = props;
  const columns = useMemo(
    () => [
      column.accessor('t', {
        header: () => (
          <>
            <span className="sm:hidden">Time</span>
            <span className="hidden sm:inline">Time ({timeZone})</span>
          </>
        ),
        cell: (info) => {
          const time = formatRecordTime(info.getValue(), timeZone);
          return (
            <span className="font-mono text-xs" data-testid="log-row-time" title={time}>
              <span className="sm:hidden">{time.slice(5, 19)}</span>
              <span className="hidden sm:inline">{time}</span>
            </span>
          );
        },
      }),
      column.accessor('device', {
        header: () => <span className="hidden sm:inline">Device</span>,
        cell: (info) => (
          <span className="flex min-w-0 items-center gap-1.5" title={info.getValue()}>
            <span
              className="inline-block h-2.5 w-2.5 shrink-0 rounded-full"
              style={{ backgroundColor: deviceColors[info.getValue()] ?? '#64748b' }}
            />
            <span className="hidden truncate sm:inline" data-testid="log-row-device">
              {deviceNames[info.getValue()] ?? info.getValue()}
            </span>
          </span>
        ),
      }),
      column.accessor('kind', {
        header: 'Kind',
        cell: (info) => (
          <span
            className={`rounded px-1.5 py-0.5 text-xs font-medium ${KIND_BADGE[info.getValue()] ?? ''}`}
            data-testid="log-row-kind"
          >
            {info.getValue()}
          </span>
        ),
      }),
      column.display({
        id: 'summary',
        header: 'What',
        cell: ({ row }) => (
          <span className="block truncate" data-testid="log-row-summary">
            {recordSummary(row.original)}
          </span>
        ),
      }),
    ],
    [timeZone, deviceNames, deviceColors],
  );
  const table = useReactTable({
    data: rows,
    columns,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (record) => recordId(record),
  });
  const tableRows = table.getRowModel().rows;
  const virtualizer = useVirtualizer({
    count: tableRows.length + 1,
    getScrollElement: () => props.scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 20,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? 0;

  const { onNearEnd, onNearStart } = props;
  useEffect(() => {
    if (last >= tableRows.length - 15) onNearEnd();
  }, [last, tableRows.length, onNearEnd]);
  useEffect(() => {
    if (first <= 3) onNearStart();
  }, [first, onNearStart]);

  // Rows put above: keep the rows in view where they were, unless at the very top (where new
  // rows should be seen arriving).
  const lastPrepend = useRef(props.prepended.serial);
  useLayoutEffect(() => {
    if (props.prepended.serial === lastPrepend.current) return;
    lastPrepend.current = props.prepended.serial;
    const element = props.scrollRef.current;
    if (element && element.scrollTop > ROW_HEIGHT / 2) {
      element.scrollTop += props.prepended.count * ROW_HEIGHT;
    }
  }, [props.prepended, props.scrollRef]);

  const lastScroll = useRef<number | undefined>(undefined);
  useEffect(() => {
    if (!props.scrollTo || props.scrollTo.serial === lastScroll.current) return;
    lastScroll.current = props.scrollTo.serial;
    virtualizer.scrollToIndex(props.scrollTo.index, { align: 'auto' });
  }, [props.scrollTo, virtualizer]);

  return (
    <div className="rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
      {table.getHeaderGroups().map((group) => (
        <div
          key={group.id}
          className={`${GRID} gap-2 border-b border-slate-200 px-3 py-2 text-sm font-medium text-slate-500`}
        >
          {group.headers.map((header) => (
            <div key={header.id} className="truncate">
              {flexRender(header.column.columnDef.header, header.getContext())}
            </div>
          ))}
        </div>
      ))}
      <div
        ref={props.scrollRef}
        className="h-[60vh] min-h-72 overflow-auto"
        data-testid="log-table"
      >
        <div className="relative w-full" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const row = tableRows[item.index];
            if (!row) {
              return (
                <div
                  key="footer"
                  className="absolute inset-x-0 px-3 py-2 text-sm text-slate-500"
                  style={{ top: item.start }}
                  data-testid="log-table-footer"
                >
                  {props.footer}
                </div>
              );
            }
            const id = row.id;
            const record = row.original;
            return (
              <button
                type="button"
                key={id}
                className={`${GRID} absolute inset-x-0 w-full cursor-pointer items-center text-left gap-2 border-b border-slate-100 px-3 text-sm ${rowTone(record.kind)} ${
                  props.cursorId === id ? 'ring-2 ring-inset ring-brand-500' : ''
                } ${props.openId === id ? 'bg-brand-50' : 'hover:bg-slate-50'} ${
                  props.fresh.has(id) ? 'animate-[slide-in_0.6s_ease-out]' : ''
                }`}
                style={{ height: ROW_HEIGHT, top: item.start }}
                onClick={() => props.onOpen(record)}
                data-testid="log-row"
                data-record={id}
                data-kind={record.kind}
                data-open={props.openId === id ? 'true' : undefined}
                data-fresh={props.fresh.has(id) ? 'true' : undefined}
              >
                {row.getVisibleCells().map((cell) => (
                  <span key={cell.id} className="block min-w-0">
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </span>
                ))}
              </button>
            );
          })}
        </div>
      </div>
    </div>
  );
}
