import { type LogRecord, LogView } from '@tagtime/log';
import type { AdminPingReport } from '@tagtime/log/protocol';
import type { LogStore } from '../store/log-store.js';
import { logCandidates, mergeInDirection } from './candidates.js';
import { localDay } from './histogram.js';

const ANSWER_KINDS = new Set(['ping', 'command']);
const CONFIG_KINDS = new Set(['config']);
/** Clocks of devices differ; an answer may carry a `t` a little before its ping. */
const SLACK_MS = 24 * 60 * 60 * 1000;

/**
 * Pings answered and missed against the user's schedule, and time per tag, over `[from, to]`:
 * folds the user's answers, renames and configuration (@tagtime/log's view, the same rules as
 * every device). A command changes only the records before it, and an answer comes after its
 * ping, so the ping and command records from `from` on are read (at most `maxScanned`), and the
 * config records of the whole log (the schedule).
 */
export function pingReport(
  store: LogStore,
  userId: string,
  devices: readonly string[],
  options: { from: number; to: number; timeZone: string; maxScanned: number; now: number },
): AdminPingReport {
  const budget = { scanned: 0 };
  const all = Number.MAX_SAFE_INTEGER;
  const start = Math.max(0, options.from - SLACK_MS);
  const streams = devices.flatMap((device) => [
    logCandidates(
      store,
      userId,
      device,
      { from: start, to: all, direction: 'forward', kinds: ANSWER_KINDS },
      budget,
    ),
    logCandidates(
      store,
      userId,
      device,
      { from: 0, to: all, direction: 'forward', kinds: CONFIG_KINDS },
      budget,
    ),
  ]);
  const view = new LogView({ timeZone: options.timeZone });
  let complete = true;
  const fromSecond = Math.floor(options.from / 1000);
  for (const stored of mergeInDirection(streams, 'forward')) {
    if (budget.scanned > options.maxScanned) {
      complete = false;
      break;
    }
    const record = JSON.parse(stored.json) as LogRecord;
    if (record.kind === 'ping' || record.kind === 'command' || record.kind === 'config') {
      view.add(record);
    }
  }
  const timeZone = options.timeZone;
  const status = view.pingStatus({
    from: localDay(options.from, timeZone),
    to: localDay(options.to, timeZone),
    timeZone,
    now: Math.floor(Math.min(options.to, options.now) / 1000),
  });
  const stats = view.stats({
    timeZone,
    from: fromSecond,
    to: Math.floor(options.to / 1000) + 1,
  });
  return {
    from: options.from,
    to: options.to,
    timeZone,
    days: status.days,
    answered: status.answered,
    missed: status.missed,
    unanswered: status.unanswered,
    tags: stats.tags,
    complete,
  };
}
