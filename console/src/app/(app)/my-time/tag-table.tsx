'use client';

import { createColumnHelper } from '@tanstack/react-table';
import { DataTable } from '@/components/data-table';
import { EmptyState } from '@/components/ui';
import type { TagHours } from './time-report';

const column = createColumnHelper<TagHours>();

const columns = [
  column.accessor('tag', {
    header: 'Tag',
    cell: (info) => <span data-testid="tag-name">{info.getValue()}</span>,
  }),
  column.accessor('pings', { header: 'Pings', meta: { align: 'right' } }),
  column.accessor('hours', {
    header: 'Est. hours',
    meta: { align: 'right' },
    cell: (info) => <span data-testid="tag-hours">{info.getValue().toFixed(1)}</span>,
  }),
  column.accessor('share', {
    header: 'Share',
    meta: { align: 'right' },
    cell: (info) => `${Math.round(info.getValue() * 100)}%`,
  }),
];

/** Estimated hours per tag, sortable by any column; on a phone too it stays a table. */
export function TagTable({ rows, range }: { rows: TagHours[]; range: string }) {
  return (
    <DataTable
      columns={columns}
      data={rows}
      testId="tag-table"
      stackOnPhone={false}
      caption={`Estimated hours per tag, ${range}`}
      rowTestId={(row) => `tag-${row.tag}`}
      empty={
        <EmptyState title={`No answered pings in ${range}.`}>
          Answer a ping on any device and it shows here.
        </EmptyState>
      }
    />
  );
}
