'use client';

import { createColumnHelper } from '@tanstack/react-table';
import { DataTable } from '@/components/data-table';
import { EmptyState } from '@/components/ui';

/** An audit event with names to read; the ids stay in reach as the names' titles. */
export interface AuditRow {
  id: number;
  when: string;
  actor: string;
  actorId: string;
  role: string;
  action: string;
  /** Reads counted on the row's intent (a staff view of a user's logs); null for other rows. */
  reads: number | null;
  tenant: string;
  tenantId: string;
  subject: string;
  subjectId: string;
  reason: string;
  /** `ok`, or `refused` with the code that refused it. */
  outcome: 'ok' | 'refused';
  refusalCode: string;
}

const column = createColumnHelper<AuditRow>();

const COLUMNS = [
  column.accessor('when', {
    header: 'When',
    cell: ({ getValue }) => <span className="sm:whitespace-nowrap">{getValue()}</span>,
  }),
  column.accessor('actor', {
    header: 'Who',
    cell: ({ row }) => (
      <span title={row.original.actorId} data-testid="audit-actor">
        {row.original.actor}
      </span>
    ),
  }),
  column.accessor('role', { header: 'As' }),
  column.accessor('action', {
    header: 'What',
    cell: ({ row }) => (
      <span className="sm:whitespace-nowrap" data-testid="audit-action">
        {row.original.action}
        {row.original.reads !== null && (
          <span className="text-slate-500" data-testid="audit-reads">
            {' '}
            ({row.original.reads} {row.original.reads === 1 ? 'read' : 'reads'})
          </span>
        )}
      </span>
    ),
  }),
  column.accessor('outcome', {
    header: 'Outcome',
    cell: ({ row }) =>
      row.original.outcome === 'refused' ? (
        <span
          className="inline-flex whitespace-nowrap rounded bg-red-50 px-1.5 py-0.5 font-medium text-red-800 ring-1 ring-red-200"
          data-testid="audit-outcome"
          data-outcome="refused"
        >
          Refused: {row.original.refusalCode}
        </span>
      ) : (
        <span className="text-slate-600" data-testid="audit-outcome" data-outcome="ok">
          Done
        </span>
      ),
  }),
  column.accessor('tenant', {
    header: 'Tenant',
    meta: { phone: 'hide' },
    cell: ({ row }) => <span title={row.original.tenantId}>{row.original.tenant}</span>,
  }),
  column.accessor('subject', {
    header: 'Subject',
    cell: ({ row }) => <span title={row.original.subjectId}>{row.original.subject}</span>,
  }),
  column.accessor('reason', { header: 'Why', meta: { phone: 'line' } }),
];

export function AuditTable({ rows }: { rows: AuditRow[] }) {
  return (
    <DataTable
      columns={COLUMNS}
      data={rows}
      testId="audit-table"
      rowTestId={() => 'audit-row'}
      empty={<EmptyState title="Nothing recorded yet" />}
    />
  );
}
