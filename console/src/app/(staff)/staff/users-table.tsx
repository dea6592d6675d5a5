'use client';

import { createColumnHelper } from '@tanstack/react-table';
import Link from 'next/link';
import { DataTable } from '@/components/data-table';
import { EmptyState } from '@/components/ui';
import { routes } from '@/config/routes';

export interface FoundUserRow {
  id: string;
  email: string;
  name: string;
  deleted: boolean;
  /** How the user matched: email, name, tenant, device, id, or record text. */
  matchedBy: string[];
  /** For a record text search: matching records found, and the newest one's summary. */
  matches?: number;
  sample?: string;
}

const column = createColumnHelper<FoundUserRow>();

const columns = [
  column.accessor('email', {
    header: 'Email',
    cell: ({ row }) => (
      <Link
        href={routes.staffUser(row.original.id)}
        className="text-brand-700 hover:underline"
        data-testid="found-user-link"
      >
        {row.original.email}
      </Link>
    ),
  }),
  column.accessor('name', { header: 'Name' }),
  column.accessor('id', {
    header: 'Id',
    cell: (info) => <code className="text-xs">{info.getValue()}</code>,
  }),
  column.accessor((row) => row.matchedBy.join(', '), { id: 'matched', header: 'Matched by' }),
  column.accessor((row) => row.sample ?? '', {
    id: 'sample',
    header: 'Newest matching record',
    cell: ({ row }) =>
      row.original.sample ? (
        <span className="font-mono text-xs">
          {row.original.sample} ({row.original.matches})
        </span>
      ) : (
        ''
      ),
  }),
  column.accessor('deleted', {
    header: 'State',
    cell: (info) => (info.getValue() ? 'deleted' : 'active'),
  }),
];

export function FoundUsersTable({ rows, query }: { rows: FoundUserRow[]; query: string }) {
  return (
    <DataTable
      columns={columns}
      data={rows}
      testId="found-users"
      rowTestId={(row) => `found-user-${row.id}`}
      empty={
        <EmptyState title={`Nobody matches “${query}”.`}>
          Try part of an email, a name, a tenant or a device id.
        </EmptyState>
      }
    />
  );
}
