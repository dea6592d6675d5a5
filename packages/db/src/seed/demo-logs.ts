// A few weeks of a demo owner's TagTime life, sent through the real log server with
// @tagtime/client, so the console's first screens show real records: answers to the universal
// pings (@tagtime/ping), a few events, an error or two. Everything is a function of the ping
// times, so a second run makes the very same records: those the log already has are not sent
// again, and nothing is added (a record is keyed by its time; see docs/sync-protocol.md).
import { MemoryStore, SyncApi, SyncClient } from '@tagtime/client';
import type { RecordDraft } from '@tagtime/log';
import { pingsBetween } from '@tagtime/ping';
import { DEMO_DEVICES, type DemoDevice } from './demo-data.js';

const DAY_S = 24 * 60 * 60;
/** How far back the demo log reaches. */
export const DEMO_LOG_DAYS = 21;

/** A demo record before the device stamps it: its time (ms) and its content. */
export interface DemoEntry {
  t: number;
  draft: RecordDraft;
}

/** A number in [0, 1) that depends only on `n` (so every run answers a ping alike). */
function unit(n: number): number {
  let x = Math.imul(n ^ 0x9e3779b9, 0x85ebca6b) >>> 0;
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35) >>> 0;
  return ((x ^ (x >>> 16)) >>> 0) / 2 ** 32;
}

function pick<T>(items: readonly T[], n: number): T {
  return items[Math.floor(unit(n) * items.length)] as T;
}

const WORK = ['code', 'meeting', 'email', 'review', 'code', 'code'] as const;
const EVENING = ['cook', 'family', 'read', 'run', 'tv', 'family'] as const;

/**
 * Who answers the ping at unix second `ping`, and how: the laptop at work on weekdays, the
 * watch otherwise; most night pings go unanswered (asleep), a few are answered in the morning.
 */
function answerOf(ping: number): { device: DemoDevice; entry: DemoEntry } | undefined {
  const [watch, laptop] = DEMO_DEVICES as [DemoDevice, DemoDevice];
  const date = new Date(ping * 1000);
  const hour = date.getUTCHours();
  const weekday = date.getUTCDay() >= 1 && date.getUTCDay() <= 5;
  const r = unit(ping);
  // Answered 5 s to 3 min after it rang; a ping once in a while only hours later.
  const delayMs = 5_000 + Math.floor(unit(ping + 1) * 175_000);
  if (hour < 7) {
    if (r < 0.8) return undefined;
    return {
      device: watch,
      entry: {
        t: (ping + (8 - hour) * 3600) * 1000 + delayMs,
        draft: { kind: 'ping', body: { ping, tags: ['sleep'], note: 'answered after waking up' } },
      },
    };
  }
  if (r < 0.06) return undefined; // missed
  let tags: string[];
  let device = watch;
  if (weekday && hour >= 9 && hour < 17) {
    device = laptop;
    tags = hour === 12 ? ['lunch'] : ['work', pick(WORK, ping)];
  } else if (hour >= 22) {
    tags = ['wind-down', pick(['read', 'tv'], ping)];
  } else if (hour >= 18) {
    tags = [pick(EVENING, ping)];
  } else {
    tags = weekday ? ['commute'] : [pick(['walk', 'shop', 'friends', 'read'], ping)];
  }
  const body = r > 0.93 ? { ping, tags, note: 'busy, guessed' } : { ping, tags };
  return { device, entry: { t: ping * 1000 + delayMs, draft: { kind: 'ping', body } } };
}

/**
 * The demo log of each device for the days from `fromS` to `toS` (unix seconds): every ping's
 * answer, a `started` event each day the laptop works, a `sync finished` event each evening on
 * the watch, and two errors. Sorted by `t`, times unique per device.
 */
export function demoLogEntries(fromS: number, toS: number): Map<string, DemoEntry[]> {
  const entries = new Map<string, DemoEntry[]>(DEMO_DEVICES.map((d) => [d.id, []]));
  const add = (device: DemoDevice, entry: DemoEntry) => entries.get(device.id)?.push(entry);
  const [watch, laptop] = DEMO_DEVICES as [DemoDevice, DemoDevice];
  for (const ping of pingsBetween(fromS, toS)) {
    const answer = answerOf(ping);
    if (answer) add(answer.device, answer.entry);
  }
  for (let day = Math.ceil(fromS / DAY_S) * DAY_S; day + DAY_S <= toS; day += DAY_S) {
    const weekday = new Date(day * 1000).getUTCDay();
    if (weekday >= 1 && weekday <= 5) {
      add(laptop, {
        t: (day + 8 * 3600 + 45 * 60) * 1000,
        draft: { kind: 'event', body: { name: 'started', data: { version: 'demo' } } },
      });
    }
    add(watch, {
      t: (day + 21 * 3600) * 1000 + 123,
      draft: { kind: 'event', body: { name: 'sync finished', data: { sent: 12, received: 9 } } },
    });
    // Two things went wrong in the period, as they do: a lost phone link and a failed sync.
    const nth = Math.floor(day / DAY_S) % 9;
    if (nth === 3) {
      add(watch, {
        t: (day + 13 * 3600 + 17 * 60) * 1000 + 7,
        draft: {
          kind: 'error',
          body: { message: 'BLE link to the phone lost', context: { retries: 3 } },
        },
      });
    }
    if (nth === 6 && weekday >= 1 && weekday <= 5) {
      add(laptop, {
        t: (day + 10 * 3600 + 2 * 60) * 1000 + 11,
        draft: {
          kind: 'error',
          body: { message: 'sync failed: the server did not answer', context: { status: 503 } },
        },
      });
    }
  }
  for (const list of entries.values()) {
    list.sort((a, b) => a.t - b.t);
    for (let i = 1; i < list.length; i++) {
      const before = list[i - 1] as DemoEntry;
      const entry = list[i] as DemoEntry;
      if (entry.t <= before.t) entry.t = before.t + 1;
    }
  }
  return entries;
}

export interface DemoLogReport {
  device: string;
  accepted: number;
  duplicates: number;
  /** Records at or before the log's head, which the server has or the log has moved past. */
  skipped: number;
}

/**
 * Sends the demo log of the last `DEMO_LOG_DAYS` days (up to the start of today, UTC) of each
 * demo device to the server at `serverUrl`, as that device, through `SyncClient`. Only records
 * after the log's head are appended, so a second run (or one after a person used the demo
 * devices) adds nothing and conflicts with nothing; a run on a later day adds the days since.
 */
export async function seedDemoLogs(
  serverUrl: string,
  options: { now?: Date; days?: number } = {},
): Promise<DemoLogReport[]> {
  const today = Math.floor((options.now ?? new Date()).getTime() / 1000 / DAY_S) * DAY_S;
  const entries = demoLogEntries(today - (options.days ?? DEMO_LOG_DAYS) * DAY_S, today);
  const reports: DemoLogReport[] = [];
  for (const device of DEMO_DEVICES) {
    const server = { url: serverUrl, token: device.token };
    const heads = await new SyncApi(serverUrl, device.token).getHeads();
    const head = heads[device.id] ?? Number.NEGATIVE_INFINITY;
    const all = entries.get(device.id) ?? [];
    const fresh = all.filter((entry) => entry.t > head);
    // Each record is stamped by the device's own clock at the moment it was made.
    let at = 0;
    const client = new SyncClient({
      device: device.id,
      store: new MemoryStore(),
      server,
      now: () => at,
    });
    for (const entry of fresh) {
      at = entry.t;
      await client.append([entry.draft]);
    }
    const pushed = await client.push();
    reports.push({
      device: device.id,
      accepted: pushed.accepted,
      duplicates: pushed.duplicates,
      skipped: all.length - fresh.length,
    });
  }
  return reports;
}
