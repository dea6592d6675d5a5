import { listDevices, listTenantsForUser } from '@tagtime/db';
import { z } from 'zod';
import { db } from '@/lib/db';
import { withUserRoute } from '@/lib/guards/route-guards';

/** "Export my data": the account as JSON, downloaded as a file. */
export const GET = withUserRoute(z.object({}), async (_request, _query, { user }) => {
  const [tenants, devices] = await Promise.all([
    listTenantsForUser(db(), user.id),
    listDevices(db(), user.id),
  ]);
  const body = {
    exportedAt: new Date().toISOString(),
    user,
    tenants: tenants.map(({ id, name, kind, role, createdAt }) => ({
      id,
      name,
      kind,
      role,
      createdAt,
    })),
    devices,
    logs: 'Ping answers live in your device logs: export them with `tagtime export` or from the log server.',
  };
  const date = new Date().toISOString().slice(0, 10);
  return new Response(JSON.stringify(body, null, 2), {
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="tagtime-account-${date}.json"`,
      'cache-control': 'no-store',
    },
  });
});
