'use client';

import { createColumnHelper } from '@tanstack/react-table';
import { DataTable } from '@/components/data-table';
import { EmptyState } from '@/components/ui';
import { formatDateTime } from '@/lib/format';

/** A member's device and its sync health: what owners and admins may see, no log content. */
export interface MemberDeviceRow {
  id: string;
  member: string;
  name: string;
  kind: string;
  lastSeenAt: string | null;
  /** When its log last grew; null when it has none or the log server did not answer. */
  head: string | null;
  health: 'syncing' | 'quiet' | 'never' | 'revoked';
}

const HEALTH = {
  syncing: 'text-green-700',
  quiet: 'text-amber-700',
  never: 'text-slate-500',
  revoked: 'text-slate-400 line-through',
} as const;

const HEALTH_LABEL = {
  syncing: 'syncing',
  quiet: 'quiet for over a day',
  never: 'never synced',
  revoked: 'revoked',
} as const;

const column = createColumnHelper<MemberDeviceRow>();

export function MemberDevicesTable({
  rows,
  timeZone,
}: {
  rows: MemberDeviceRow[];
  timeZone: string;
}) {
  const columns = [
    column.accessor('member', { header: 'Member' }),
    column.accessor('name', { header: 'Device' }),
    column.accessor('kind', { header: 'Kind' }),
    column.accessor('lastSeenAt', {
      header: 'Last sync',
      cell: (info) => formatDateTime(info.getValue(), timeZone),
    }),
    column.accessor('head', {
      header: 'Last record',
      cell: (info) => formatDateTime(info.getValue(), timeZone),
    }),
    column.accessor('health', {
      header: 'Health',
      cell: (info) => (
        <span className={HEALTH[info.getValue()]} data-testid="member-device-health">
          {HEALTH_LABEL[info.getValue()]}
        </span>
      ),
    }),
  ];
  return (
    <DataTable
      columns={columns}
      data={rows}
      testId="member-devices"
      rowTestId={(row) => `member-device-${row.id}`}
      empty={<EmptyState title="No member has paired a device yet." />}
    />
  );
}
