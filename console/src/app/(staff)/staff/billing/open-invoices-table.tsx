'use client';

import { createColumnHelper } from '@tanstack/react-table';
import { DataTable } from '@/components/data-table';
import { EmptyState } from '@/components/ui';
import { PaymentForm } from './staff-billing-controls';

export interface OpenInvoiceRow {
  id: string;
  number: string;
  tenantId: string;
  tenantName: string;
  due: string;
  overdue: boolean;
  currency: string;
  /** Still owed, formatted ("€4.00") and as an amount for the form ("4.00"). */
  owed: string;
  owedAmount: string;
}

const column = createColumnHelper<OpenInvoiceRow>();

const COLUMNS = [
  column.accessor('number', { header: 'Invoice' }),
  column.accessor('tenantName', { header: 'Tenant' }),
  column.accessor('due', {
    header: 'Due',
    cell: ({ row }) => (
      <span className={row.original.overdue ? 'text-red-700' : ''}>{row.original.due}</span>
    ),
  }),
  column.accessor('owed', {
    header: 'Still owed',
    meta: { align: 'right' },
    cell: (info) => <span className="tabular-nums">{info.getValue()}</span>,
  }),
  column.display({
    id: 'payment',
    header: 'Record a payment',
    meta: { label: '' },
    cell: ({ row }) => (
      <PaymentForm
        invoiceId={row.original.id}
        tenantId={row.original.tenantId}
        owed={row.original.owedAmount}
        currency={row.original.currency}
      />
    ),
  }),
];

export function OpenInvoicesTable({ rows }: { rows: OpenInvoiceRow[] }) {
  return (
    <DataTable
      columns={COLUMNS}
      data={rows}
      testId="open-invoices"
      rowTestId={(row) => `open-invoice-${row.number}`}
      empty={<EmptyState title="No open invoices" />}
    />
  );
}
