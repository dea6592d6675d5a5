'use client';

import {
  type ColumnDef,
  flexRender,
  getCoreRowModel,
  getSortedRowModel,
  type RowData,
  type SortingState,
  useReactTable,
} from '@tanstack/react-table';
import { type ReactNode, useState } from 'react';

declare module '@tanstack/react-table' {
  interface ColumnMeta<TData extends RowData, TValue> {
    /** Numbers and money align right on wide screens. */
    align?: 'right';
    /** The label of the cell when rows stack on a phone (default: the header, if it is text). */
    label?: string;
    /** On a phone: `line` gives the cell a line of its own (long text), `hide` leaves it out. */
    phone?: 'line' | 'hide';
  }
}

/**
 * Classes that turn rows into list items below `sm`, and none for a table that stays one: a
 * row's cells flow as short "label value" pairs that wrap, so a row takes a few lines, not a
 * card of a line per column (50 audit rows: 5,800 px, were 13,600); actions get a line.
 */
const STACKED = {
  table: 'max-sm:block',
  thead: 'max-sm:hidden',
  tbody: 'max-sm:block',
  tr: 'max-sm:flex max-sm:flex-wrap max-sm:items-baseline max-sm:gap-x-3 max-sm:gap-y-0.5 max-sm:py-2',
  td: 'max-sm:min-w-0 max-sm:wrap-anywhere max-sm:p-0',
  label:
    'max-sm:before:mr-1 max-sm:before:text-xs max-sm:before:text-slate-500 max-sm:before:content-[attr(data-label)]',
  action: 'max-sm:basis-full',
};
const PHONE = { line: 'max-sm:basis-full', hide: 'max-sm:hidden' } as const;
const FLAT = { table: '', thead: '', tbody: '', tr: '', td: 'max-sm:px-1.5 max-sm:wrap-anywhere' };

/**
 * Every table of the console: sortable headers, keyboard-reachable, an empty state. Below the
 * `sm` breakpoint the rows become a list: the header row goes, each row's cells flow as
 * "label value" pairs (the label from the column header, as CSS generated content) that wrap,
 * actions (the columns without a header) on a line of their own, so on a phone every action
 * is on screen, a row is a few lines, and nothing pushes the page wider than the viewport. A narrow table of short values
 * (`stackOnPhone={false}`: a tag and three numbers) stays a table there: cards would make it
 * several screens tall for nothing.
 */
export function DataTable<Row>({
  columns,
  data,
  empty,
  testId,
  rowTestId,
  caption,
  stackOnPhone = true,
}: {
  // biome-ignore lint/suspicious/noExplicitAny: column value types differ per column
  columns: ColumnDef<Row, any>[];
  data: Row[];
  empty: ReactNode;
  testId: string;
  rowTestId?: (row: Row) => string;
  /** Read by screen readers; tables are titled by their card on screen. */
  caption?: string;
  stackOnPhone?: boolean;
}) {
  const [sorting, setSorting] = useState<SortingState>([]);
  const table = useReactTable({
    data,
    columns,
    state: { sorting },
    onSortingChange: setSorting,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
  });
  if (data.length === 0) return <>{empty}</>;
  const stack = stackOnPhone ? STACKED : FLAT;
  return (
    <table className={`w-full text-left text-sm ${stack.table}`} data-testid={testId}>
      {caption && <caption className="sr-only">{caption}</caption>}
      <thead className={`border-b border-slate-200 text-slate-500 ${stack.thead}`}>
        {table.getHeaderGroups().map((group) => (
          <tr key={group.id}>
            {group.headers.map((header) => (
              <th
                key={header.id}
                scope="col"
                className={`px-2 py-2 font-medium ${header.column.columnDef.meta?.align === 'right' ? 'text-right' : ''}`}
              >
                {header.column.getCanSort() ? (
                  <button
                    type="button"
                    className="hover:text-slate-900"
                    onClick={header.column.getToggleSortingHandler()}
                  >
                    {flexRender(header.column.columnDef.header, header.getContext())}
                    {{ asc: ' ↑', desc: ' ↓' }[header.column.getIsSorted() as string] ?? ''}
                  </button>
                ) : (
                  flexRender(header.column.columnDef.header, header.getContext())
                )}
              </th>
            ))}
          </tr>
        ))}
      </thead>
      <tbody className={stack.tbody}>
        {table.getRowModel().rows.map((row) => (
          <tr
            key={row.id}
            className={`border-b border-slate-100 last:border-0 ${stack.tr}`}
            data-testid={rowTestId?.(row.original)}
          >
            {row.getVisibleCells().map((cell) => {
              const { meta, header } = cell.column.columnDef;
              const label = meta?.label ?? (typeof header === 'string' ? header : '');
              // On a phone a labelled value that is empty says nothing: it takes no room.
              const value = cell.column.accessorFn ? cell.getValue() : 'shown';
              const blank = value === '' || value === null || value === undefined;
              const phone = stackOnPhone
                ? (meta?.phone ? PHONE[meta.phone] : '') || (blank && label ? PHONE.hide : '')
                : '';
              const right =
                meta?.align === 'right' ? (stackOnPhone ? 'sm:text-right' : 'text-right') : '';
              return (
                <td
                  key={cell.id}
                  data-label={(stackOnPhone && label) || undefined}
                  className={`px-2 py-2 align-middle ${stack.td} ${right} ${stackOnPhone ? (label ? STACKED.label : STACKED.action) : ''} ${phone}`}
                >
                  {flexRender(cell.column.columnDef.cell, cell.getContext())}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
