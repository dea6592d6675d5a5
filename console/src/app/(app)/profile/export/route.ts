import { listDevices, listTenantsForUser } from '@tagtime/db';
import { currentUser } from '@/auth';
import { db } from '@/lib/db';

/** "Export my data": the account as JSON, downloaded as a file. */
export async function GET() {
  const user = await currentUser();
  if (!user) {
    return Response.json(
      { error: { code: 'unauthorized', message: 'Sign in to export your data.' } },
      { status: 401 },
    );
  }
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
}
