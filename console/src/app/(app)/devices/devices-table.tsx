'use client';

import { createColumnHelper } from '@tanstack/react-table';
import { useRouter } from 'next/navigation';
import { useMemo } from 'react';
import { toast } from 'sonner';
import { DataTable } from '@/components/data-table';
import { Button, EmptyState } from '@/components/ui';
import { formatDateTime } from '@/lib/format';
import { useAction } from '@/lib/use-action';
import { renameDeviceAction, revokeDeviceAction } from './actions';
import type { DeviceRow } from './schema';

const column = createColumnHelper<DeviceRow>();

export function DevicesTable({ rows, timeZone }: { rows: DeviceRow[]; timeZone: string }) {
  const router = useRouter();
  const { pending: revoking, run: runRevoke } = useAction(revokeDeviceAction, {
    toastErrors: true,
  });
  const { run: runRename } = useAction(renameDeviceAction, { toastErrors: true });

  const columns = useMemo(() => {
    async function revoke(device: DeviceRow) {
      if (!window.confirm(`Revoke ${device.name}? It will stop syncing at once.`)) return;
      if (!(await runRevoke({ deviceId: device.id })).ok) return;
      toast.success(`${device.name} is revoked.`);
      router.refresh();
    }
    async function rename(device: DeviceRow) {
      const name = window.prompt(`New name for ${device.name}`, device.name);
      if (name === null || name.trim() === device.name) return;
      if (!(await runRename({ deviceId: device.id, name })).ok) return;
      toast.success(`Renamed to ${name.trim()}.`);
      router.refresh();
    }
    return [
      column.accessor('name', {
        header: 'Name',
        cell: ({ row }) => (
          <span className="inline-flex items-center gap-2">
            <span data-testid="device-name">{row.original.name}</span>
            {!row.original.revokedAt && (
              <button
                type="button"
                className="text-xs text-brand-600 hover:underline"
                onClick={() => rename(row.original)}
                data-testid="rename-device"
              >
                Rename
              </button>
            )}
          </span>
        ),
      }),
      column.accessor('kind', { header: 'Kind' }),
      column.accessor('lastSeenAt', {
        header: 'Last seen',
        cell: (info) => formatDateTime(info.getValue(), timeZone),
      }),
      column.accessor('head', {
        header: 'Last record',
        cell: (info) => (
          <span data-testid="device-head">{formatDateTime(info.getValue(), timeZone)}</span>
        ),
      }),
      column.accessor('createdAt', {
        header: 'Paired',
        cell: (info) => formatDateTime(info.getValue(), timeZone),
      }),
      column.display({
        id: 'status',
        header: 'Status',
        cell: ({ row }) =>
          row.original.revokedAt ? (
            <span className="text-red-700" data-testid="device-status">
              Revoked
            </span>
          ) : (
            <span className="text-green-700" data-testid="device-status">
              Active
            </span>
          ),
      }),
      column.display({
        id: 'actions',
        header: '',
        cell: ({ row }) =>
          row.original.revokedAt ? null : (
            <Button
              variant="danger"
              disabled={revoking}
              onClick={() => revoke(row.original)}
              data-testid="revoke-device"
            >
              Revoke
            </Button>
          ),
      }),
    ];
  }, [revoking, router, runRevoke, runRename, timeZone]);

  return (
    <DataTable
      columns={columns}
      data={rows}
      testId="devices-table"
      rowTestId={(row) => `device-${row.id}`}
      empty={
        <EmptyState title="No devices yet">
          Show a pairing code above and enter it on your watch, phone or in{' '}
          <code>tagtime pair</code>.
        </EmptyState>
      }
    />
  );
}
