import { listDevices } from '@tagtime/db';
import type { Metadata } from 'next';
import Link from 'next/link';
import { requireUser } from '@/auth';
import { PageTitle } from '@/components/page-title';
import { Card } from '@/components/ui';
import { db } from '@/lib/db';

export const metadata: Metadata = { title: 'Overview' };

export default async function OverviewPage() {
  const user = await requireUser();
  const devices = await listDevices(db(), user.id);
  // The web console's own device writes for the person; it is not one they answer pings on.
  const active = devices.filter((device) => !device.revokedAt && !device.console);
  return (
    <>
      <PageTitle>Welcome, {user.name}</PageTitle>
      <div className="grid gap-4 sm:grid-cols-2">
        <Card title="Devices">
          <p className="text-3xl font-semibold" data-testid="active-device-count">
            {active.length}
          </p>
          <p className="text-sm text-slate-600">
            active device{active.length === 1 ? '' : 's'} answering pings.{' '}
            <Link className="text-brand-600 hover:underline" href="/devices">
              Manage devices
            </Link>
          </p>
        </Card>
        <Card title="Your profile">
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
            <dt className="text-slate-500">Email</dt>
            <dd>{user.email}</dd>
            <dt className="text-slate-500">Time zone</dt>
            <dd>{user.timeZone}</dd>
          </dl>
        </Card>
      </div>
    </>
  );
}
