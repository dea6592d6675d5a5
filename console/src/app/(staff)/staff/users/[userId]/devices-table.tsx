'use client';

import { createColumnHelper } from '@tanstack/react-table';
import Link from 'next/link';
import { DataTable } from '@/components/data-table';
import { EmptyState } from '@/components/ui';
import { routes } from '@/config/routes';
import { formatDateTime } from '@/lib/format';

export interface StaffDeviceRow {
  id: string;
  name: string;
  kind: string;
  color: string;
  /** ISO times: the log's last record, the device's last contact. */
  head: string | null;
  lastSeenAt: string | null;
  revokedAt: string | null;
  /** Own records the device said it still held unsent at its last pull, and when it said so. */
  unsent: number | null;
  unsentReportedAt: string | null;
  records: number;
  errors24h: number;
}

const column = createColumnHelper<StaffDeviceRow>();

export function StaffDevicesTable({
  userId,
  rows,
  timeZone,
  since,
}: {
  userId: string;
  rows: StaffDeviceRow[];
  timeZone: string;
  /** Start of the last 24 hours (unix ms), for the errors link. */
  since: number;
}) {
  const logs = (q: string, from?: number) =>
    `${routes.staffUserLogs(userId, q)}${from ? `&from=${from}` : ''}`;
  const columns = [
    column.accessor('name', {
      header: 'Device',
      cell: ({ row }) => (
        <span className="inline-flex items-center gap-2">
          <span
            className="inline-block h-2.5 w-2.5 rounded-full"
            style={{ backgroundColor: row.original.color }}
          />
          <span>
            {row.original.name} <code className="text-xs text-slate-500">{row.original.id}</code>
          </span>
        </span>
      ),
    }),
    column.accessor('kind', { header: 'Kind' }),
    column.accessor('head', {
      header: 'Last record',
      cell: (info) => formatDateTime(info.getValue(), timeZone),
    }),
    column.accessor('lastSeenAt', {
      header: 'Last sync',
      cell: (info) => formatDateTime(info.getValue(), timeZone),
    }),
    column.accessor('unsent', {
      header: 'Not on the server yet',
      cell: ({ row }) => {
        const { unsent, unsentReportedAt } = row.original;
        const said = unsentReportedAt
          ? `as the device said at ${formatDateTime(unsentReportedAt, timeZone)}`
          : 'this device has not said since it was paired';
        return (
          <span
            title={said}
            data-testid="device-unsent"
            className={unsent ? 'font-medium text-amber-800' : 'text-slate-500'}
          >
            {unsent === null
              ? 'not reported'
              : unsent === 0
                ? 'none'
                : `${unsent} record${unsent === 1 ? '' : 's'}`}
          </span>
        );
      },
    }),
    column.accessor('records', { header: 'Records' }),
    column.accessor('errors24h', {
      header: 'Errors 24 h',
      cell: ({ row }) =>
        row.original.errors24h > 0 ? (
          <Link
            href={logs(`device:${row.original.id} kind:error`, since)}
            className="font-medium text-red-700 hover:underline"
            data-testid="device-errors-link"
          >
            {row.original.errors24h}
          </Link>
        ) : (
          '0'
        ),
    }),
    column.display({
      id: 'logs',
      header: '',
      cell: ({ row }) => (
        <Link
          href={logs(`device:${row.original.id}`)}
          className="text-brand-700 hover:underline"
          data-testid="device-logs-link"
        >
          Logs
        </Link>
      ),
    }),
  ];
  return (
    <DataTable
      columns={columns}
      data={rows}
      testId="staff-user-devices"
      rowTestId={(row) => `staff-device-${row.id}`}
      empty={<EmptyState title="No devices.">This user has paired nothing yet.</EmptyState>}
    />
  );
}
