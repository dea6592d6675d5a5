import { viewPingStatus, viewStats } from '@tagtime/log';
import type { AdminPingReport } from '@tagtime/log/protocol';
import type { LogStore } from '../store/log-store.js';
import { localDay } from './histogram.js';

type PingCounts = Pick<AdminPingReport, 'days' | 'answered' | 'missed' | 'unanswered'>;

/**
 * The counts of the pings at or after `since` (unix seconds): before a person's first record
 * nobody was there to answer, so those pings are no one's unanswered ones.
 */
export function countPingsSince(
  pings: ReadonlyArray<{ ping: number; state: 'answered' | 'missed' | 'unanswered' }>,
  since: number,
  dayOf: (ping: number) => string,
): PingCounts {
  const counts: PingCounts = { days: [], answered: 0, missed: 0, unanswered: 0 };
  let today: PingCounts['days'][number] | undefined;
  for (const { ping, state } of pings) {
    if (ping < since) continue;
    counts[state]++;
    const day = dayOf(ping);
    if (today?.day !== day) {
      today = { day, answered: 0, missed: 0, unanswered: 0 };
      counts.days.push(today);
    }
    today[state]++;
  }
  return counts;
}

/** Unix ms of the user's oldest record over all their logs (undefined: they have none). */
export async function firstRecordTime(
  store: LogStore,
  userId: string,
): Promise<number | undefined> {
  let first: number | undefined;
  for (const { device } of await store.logs(userId)) {
    for (const record of store.readLog(userId, device)) {
      if (first === undefined || record.t < first) first = record.t;
      break;
    }
  }
  return first;
}

/**
 * Pings answered and missed against the user's schedule, and time per tag, over `[from, to]`
 * (ms), days in `timeZone`: read from the user's kept view (the same `LogView` rules as every
 * device), so a report of any range is a read, never a fold of the log, and always complete.
 * Pings count from the user's start: their first record, or their first answer when that is
 * for an older ping (an imported log).
 */
export async function pingReport(
  store: LogStore,
  userId: string,
  options: { from: number; to: number; timeZone: string; now: number },
): Promise<AdminPingReport> {
  const { from, to, timeZone } = options;
  const firstRecord = await firstRecordTime(store, userId);
  return store.readView(userId, ({ view }) => {
    const status = viewPingStatus(view, {
      from: localDay(from, timeZone),
      to: localDay(to, timeZone),
      timeZone,
      now: Math.floor(Math.min(to, options.now) / 1000),
    });
    const firstAnswer = view.answersBetween(
      Number.NEGATIVE_INFINITY,
      Number.POSITIVE_INFINITY,
      1,
    )[0];
    const since = Math.min(
      firstRecord === undefined ? Number.POSITIVE_INFINITY : Math.floor(firstRecord / 1000),
      firstAnswer?.ping ?? Number.POSITIVE_INFINITY,
    );
    const stats = viewStats(view, {
      timeZone,
      from: Math.floor(from / 1000),
      to: Math.floor(to / 1000) + 1,
    });
    return {
      from,
      to,
      timeZone,
      ...countPingsSince(status.pings, since, (ping) => localDay(ping * 1000, timeZone)),
      tags: stats.tags,
      complete: true,
    };
  });
}
