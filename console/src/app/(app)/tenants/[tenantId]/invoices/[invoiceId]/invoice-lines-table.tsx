'use client';

import { createColumnHelper } from '@tanstack/react-table';
import { DataTable } from '@/components/data-table';
import { EmptyState } from '@/components/ui';

export interface InvoiceLineRow {
  id: string;
  description: string;
  quantity: number;
  unit: string;
  amount: string;
}

const column = createColumnHelper<InvoiceLineRow>();

const COLUMNS = [
  column.accessor('description', { header: 'Description', enableSorting: false }),
  column.accessor('quantity', { header: 'Qty', meta: { align: 'right' }, enableSorting: false }),
  column.accessor('unit', { header: 'Unit', meta: { align: 'right' }, enableSorting: false }),
  column.accessor('amount', {
    header: 'Amount',
    meta: { align: 'right' },
    enableSorting: false,
    cell: (info) => <span className="tabular-nums">{info.getValue()}</span>,
  }),
];

export function InvoiceLinesTable({ rows }: { rows: InvoiceLineRow[] }) {
  return (
    <DataTable
      columns={COLUMNS}
      data={rows}
      testId="invoice-lines"
      rowTestId={() => 'invoice-line'}
      empty={<EmptyState title="This invoice has no lines" />}
    />
  );
}
