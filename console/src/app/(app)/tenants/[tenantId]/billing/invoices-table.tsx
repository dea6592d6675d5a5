'use client';

import { createColumnHelper } from '@tanstack/react-table';
import Link from 'next/link';
import { DataTable } from '@/components/data-table';
import { EmptyState } from '@/components/ui';

/** An invoice as the billing page lists it: dates and money already formatted on the server. */
export interface InvoiceRow {
  id: string;
  number: string;
  href: string;
  issued: string;
  due: string;
  total: string;
  status: string;
}

const column = createColumnHelper<InvoiceRow>();

const COLUMNS = [
  column.accessor('number', {
    header: 'Number',
    cell: ({ row }) => (
      <Link className="text-brand-600 hover:underline" href={row.original.href}>
        {row.original.number}
      </Link>
    ),
  }),
  column.accessor('issued', { header: 'Issued' }),
  column.accessor('due', { header: 'Due' }),
  column.accessor('total', {
    header: 'Total',
    meta: { align: 'right' },
    cell: (info) => <span className="tabular-nums">{info.getValue()}</span>,
  }),
  column.accessor('status', {
    header: 'Status',
    cell: (info) => <span data-testid="invoice-status">{info.getValue()}</span>,
  }),
];

export function InvoicesTable({ rows }: { rows: InvoiceRow[] }) {
  return (
    <DataTable
      columns={COLUMNS}
      data={rows}
      testId="invoices-table"
      rowTestId={() => 'invoice-row'}
      empty={
        <EmptyState title="No invoices yet">
          Invoices appear here when a paid period starts.
        </EmptyState>
      }
    />
  );
}
