import { getUser, listDevices, type User } from '@tagtime/db';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type AdminAction, auditUserRead } from '../../admin/audit.js';
import {
  type DeviceLabel,
  parseQueryParam,
  type ResolvedQuery,
  resolveQuery,
} from '../../admin/log-query.js';
import { timeDb } from '../../admin/timing.js';

export interface UserQuery {
  user: User;
  query: ResolvedQuery;
  /** Every device log of the user, sorted. */
  allDevices: string[];
  labels: DeviceLabel[];
}

/**
 * The common start of every support query: checks the query text and its device terms (a bad
 * one is refused before any read is recorded or done), writes the audit row, then makes the query concrete for the
 * user's devices and range. The range defaults to the user's whole log.
 */
export async function loadUserQuery(
  app: FastifyInstance,
  request: FastifyRequest,
  action: AdminAction,
  input: {
    userId: string;
    q?: string | undefined;
    from?: number | undefined;
    to?: number | undefined;
  },
): Promise<UserQuery> {
  const parsed = parseQueryParam(input.q);
  // The account and its device list are looked up together; no log content is read before the
  // audit row is written.
  const [found, logs, devices] = await timeDb(request, () =>
    Promise.all([
      getUser(app.db, input.userId),
      app.store.logs(input.userId),
      listDevices(app.db, input.userId),
    ]),
  );
  const known = new Map(devices.map((device) => [device.id, device]));
  const labels: DeviceLabel[] = logs.map((log) => ({
    id: log.device,
    name: known.get(log.device)?.name ?? null,
    kind: known.get(log.device)?.kind ?? null,
  }));
  // Device terms resolve before the audit row, so a query naming no device of the user is
  // refused (and audited as refused), never recorded as a read; the range reads the log, after.
  // (An unknown user stays a 404, which auditUserRead answers.)
  const resolved = found && resolveQuery(parsed, labels, { from: 0, to: 0 });
  const user = await timeDb(request, () =>
    auditUserRead(app, request, action, input.userId, { user: found }),
  );
  const range = {
    from:
      input.from ??
      firstRecordTime(
        app,
        input.userId,
        logs.map((log) => log.device),
      ),
    to: input.to ?? Math.max(0, ...logs.map((log) => log.head)),
  };
  return {
    user,
    query: { ...(resolved as ResolvedQuery), ...range },
    allDevices: labels.map((label) => label.id).sort(),
    labels,
  };
}

function firstRecordTime(app: FastifyInstance, userId: string, devices: string[]): number {
  let first = Number.MAX_SAFE_INTEGER;
  for (const device of devices) {
    for (const record of app.store.scanLog(userId, device, { from: 0, to: first })) {
      first = Math.min(first, record.t);
      break;
    }
  }
  return devices.length === 0 ? 0 : first;
}
