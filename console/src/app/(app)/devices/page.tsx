import { listDevices } from '@tagtime/db';
import type { Metadata } from 'next';
import { requireUser } from '@/auth';
import { PageTitle } from '@/components/page-title';
import { Card } from '@/components/ui';
import { db } from '@/lib/db';
import { fetchHeads } from '@/lib/log-server';
import { DevicesTable } from './devices-table';
import { PairDevice } from './pair-device';
import type { DeviceRow } from './schema';

export const metadata: Metadata = { title: 'Devices' };

export default async function DevicesPage() {
  const user = await requireUser();
  const [devices, heads] = await Promise.all([listDevices(db(), user.id), fetchHeads(user.id)]);
  const rows: DeviceRow[] = devices.map((device) => ({
    id: device.id,
    name: device.name,
    // The console's own device (renames, deleted answers, imports) is not one the plan counts.
    kind: device.console ? 'web console (not counted)' : device.kind,
    createdAt: device.createdAt.toISOString(),
    lastSeenAt: device.lastSeenAt?.toISOString() ?? null,
    revokedAt: device.revokedAt?.toISOString() ?? null,
    head:
      heads?.[device.id] === undefined ? null : new Date(heads[device.id] as number).toISOString(),
  }));
  return (
    <>
      <PageTitle>Devices</PageTitle>
      <Card title="Pair a device">
        <PairDevice />
      </Card>
      <Card title="Your devices">
        {heads === undefined && (
          <p className="mb-3 text-sm text-amber-800" data-testid="log-server-unreachable">
            The log server is not reachable just now, so the time of each device&apos;s last record
            is not shown.
          </p>
        )}
        <DevicesTable rows={rows} timeZone={user.timeZone} />
      </Card>
    </>
  );
}
