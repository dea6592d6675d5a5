import type { LogStore } from '../store/log-store.js';

export interface DeviceInfo {
  id: string;
  name: string;
  kind: string;
  lastSeenAt: Date | null;
  revokedAt: Date | null;
}

export interface UserStats {
  from: number;
  to: number;
  /** False when the scan stopped at its bound before `to`. */
  complete: boolean;
  logs: Array<{
    device: string;
    head: number;
    count: number;
    name: string | null;
    kind: string | null;
    lastSeenAt: string | null;
    revokedAt: string | null;
  }>;
  heads: Record<string, number>;
  /** Records per day (in the user's time zone) and kind, days in order. */
  recordsPerDay: Array<{ day: string; kind: string; count: number }>;
  /** Error records per device within the range. */
  errorsByDevice: Record<string, number>;
  /** The latest time any device of the user was seen. */
  lastSync: string | null;
}

// Canonical JSON sorts keys (body, device, kind, t), so the top-level kind is the one right
// before the final `t`; a `kind` field inside the body can never sit there.
const KIND_PATTERN = /"kind":"([a-z]+)","t":\d+\}$/;
const BUCKET_MS = 15 * 60 * 1000;

/** `YYYY-MM-DD` of a time in a zone, cached per quarter hour (every zone offset is one). */
function dayFormatter(timeZone: string): (t: number) => string {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, dateStyle: 'short' });
  } catch {
    format = new Intl.DateTimeFormat('en-CA', { timeZone: 'UTC', dateStyle: 'short' });
  }
  const cache = new Map<number, string>();
  return (t) => {
    const bucket = Math.floor(t / BUCKET_MS);
    let day = cache.get(bucket);
    if (day === undefined) {
      day = format.format(new Date(bucket * BUCKET_MS));
      if (cache.size > 10_000) cache.clear();
      cache.set(bucket, day);
    }
    return day;
  };
}

/**
 * Statistics of one user's logs over `[from, to]`: one pass over the records in range (at most
 * `maxScanned`), reading only each record's kind from its canonical JSON.
 */
export async function userStats(
  store: LogStore,
  userId: string,
  options: {
    from: number;
    to: number;
    timeZone: string;
    devices: readonly DeviceInfo[];
    maxScanned: number;
  },
): Promise<UserStats> {
  const logs = await store.logs(userId);
  const dayOf = dayFormatter(options.timeZone);
  const perDay = new Map<string, number>();
  const errorsByDevice: Record<string, number> = {};
  let scanned = 0;
  let complete = true;
  for (const log of logs) {
    for (const record of store.readLog(userId, log.device, options.from - 1)) {
      if (record.t > options.to) break;
      if (scanned >= options.maxScanned) {
        complete = false;
        break;
      }
      scanned += 1;
      const kind = KIND_PATTERN.exec(record.json)?.[1] ?? 'unknown';
      const key = `${dayOf(record.t)}\u0000${kind}`;
      perDay.set(key, (perDay.get(key) ?? 0) + 1);
      if (kind === 'error') errorsByDevice[log.device] = (errorsByDevice[log.device] ?? 0) + 1;
    }
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
    complete,
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
    recordsPerDay: [...perDay.entries()]
      .map(([key, count]) => {
        const [day = '', kind = ''] = key.split('\u0000');
        return { day, kind, count };
      })
      .sort((a, b) => (a.day === b.day ? a.kind.localeCompare(b.kind) : a.day < b.day ? -1 : 1)),
    errorsByDevice,
    lastSync: lastSeen === undefined ? null : new Date(lastSeen).toISOString(),
  };
}
