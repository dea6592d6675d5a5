import type { AdminPingReport } from '@tagtime/log/protocol';
import type { LogStore } from '../store/log-store.js';
import { localDay } from './histogram.js';

/**
 * Pings answered and missed against the user's schedule, and time per tag, over `[from, to]`
 * (ms), days in `timeZone`: read from the user's kept view (the same `LogView` rules as every
 * device), so a report of any range is a read, never a fold of the log, and always complete.
 */
export async function pingReport(
  store: LogStore,
  userId: string,
  options: { from: number; to: number; timeZone: string; now: number },
): Promise<AdminPingReport> {
  const { from, to, timeZone } = options;
  return store.readView(userId, ({ view }) => {
    const status = view.pingStatus({
      from: localDay(from, timeZone),
      to: localDay(to, timeZone),
      timeZone,
      now: Math.floor(Math.min(to, options.now) / 1000),
    });
    const stats = view.stats({
      timeZone,
      from: Math.floor(from / 1000),
      to: Math.floor(to / 1000) + 1,
    });
    return {
      from,
      to,
      timeZone,
      days: status.days,
      answered: status.answered,
      missed: status.missed,
      unanswered: status.unanswered,
      tags: stats.tags,
      complete: true,
    };
  });
}
