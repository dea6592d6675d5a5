import type { AdminUserStats } from '@tagtime/log/protocol';
import type { LogStore } from '../store/log-store.js';
import { countRange } from './counts.js';
import { HISTOGRAM_WIDTHS, histogram, localDay } from './histogram.js';
import type { ResolvedQuery } from './log-query.js';

export interface DeviceInfo {
  id: string;
  name: string;
  kind: string;
  lastSeenAt: Date | null;
  revokedAt: Date | null;
}

/**
 * Statistics of one user's logs over `[from, to]`, from the bucket counts (exact; a month costs
 * a few thousand index entries whatever the number of records).
 */
export async function userStats(
  store: LogStore,
  userId: string,
  options: {
    from: number;
    to: number;
    timeZone: string;
    devices: readonly DeviceInfo[];
  },
): Promise<AdminUserStats> {
  const logs = await store.logs(userId);
  const query: ResolvedQuery = {
    devices: logs.map((log) => log.device),
    kinds: undefined,
    text: [],
    notText: [],
    from: options.from,
    to: options.to,
  };
  const days = histogram(store, userId, query, {
    target: 1,
    timeZone: options.timeZone,
    width: HISTOGRAM_WIDTHS.day,
  });
  const recordsPerDay: AdminUserStats['recordsPerDay'] = [];
  for (const bucket of days.buckets) {
    const day = localDay(bucket.start, options.timeZone);
    for (const kind of Object.keys(bucket.counts).sort()) {
      recordsPerDay.push({ day, kind, count: bucket.counts[kind] ?? 0 });
    }
  }
  const errorsByDevice: Record<string, number> = {};
  for (const log of logs) {
    const errors = countRange(store, userId, log.device, options.from, options.to).error ?? 0;
    if (errors > 0) errorsByDevice[log.device] = errors;
  }
  const byId = new Map(options.devices.map((device) => [device.id, device]));
  let lastSeen: number | undefined;
  for (const device of options.devices) {
    const seen = device.lastSeenAt?.getTime();
    if (seen !== undefined && (lastSeen === undefined || seen > lastSeen)) lastSeen = seen;
  }
  return {
    from: options.from,
    to: options.to,
    complete: true,
    logs: logs.map((log) => {
      const device = byId.get(log.device);
      return {
        ...log,
        name: device?.name ?? null,
        kind: device?.kind ?? null,
        lastSeenAt: device?.lastSeenAt?.toISOString() ?? null,
        revokedAt: device?.revokedAt?.toISOString() ?? null,
      };
    }),
    heads: Object.fromEntries(logs.map((log) => [log.device, log.head])),
    recordsPerDay,
    errorsByDevice,
    lastSync: lastSeen === undefined ? null : new Date(lastSeen).toISOString(),
  };
}
