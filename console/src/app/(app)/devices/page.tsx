import { listDevices } from '@tagtime/db';
import type { Metadata } from 'next';
import { requireUser } from '@/auth';
import { Card } from '@/components/ui';
import { db } from '@/lib/db';
import { DevicesTable } from './devices-table';
import { PairDevice } from './pair-device';
import type { DeviceRow } from './schema';

export const metadata: Metadata = { title: 'Devices' };

export default async function DevicesPage() {
  const user = await requireUser();
  const rows: DeviceRow[] = (await listDevices(db(), user.id)).map((device) => ({
    id: device.id,
    name: device.name,
    kind: device.kind,
    createdAt: device.createdAt.toISOString(),
    lastSeenAt: device.lastSeenAt?.toISOString() ?? null,
    revokedAt: device.revokedAt?.toISOString() ?? null,
  }));
  return (
    <>
      <h1 className="text-2xl font-semibold" data-testid="page-title">
        Devices
      </h1>
      <Card title="Pair a device">
        <PairDevice />
      </Card>
      <Card title="Your devices">
        <DevicesTable rows={rows} timeZone={user.timeZone} />
      </Card>
    </>
  );
}
