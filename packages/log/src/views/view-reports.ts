import type { Schedule } from '@tagtime/ping';
import type { LogView } from './log-view.js';
import { type PingStatusOptions, type PingStatusReport, pingStatus } from './ping-status.js';
import { type TagStatistics, type TagStatisticsOptions, tagStatistics } from './stats.js';

// A view's reports are functions of a view, not LogView methods: a bundle that folds records
// and reads answers (the web pinger's first screen) carries no statistics or day arithmetic.

/** Per-tag counts, time estimates and series (gap: the user's schedule's, unless given). */
export function viewStats(view: LogView, options: TagStatisticsOptions = {}): TagStatistics {
  const { from, to } = options;
  const answers =
    from === undefined && to === undefined
      ? view.answers()
      : view.answersBetween(from ?? Number.NEGATIVE_INFINITY, to ?? Number.POSITIVE_INFINITY);
  return tagStatistics(answers, { gap: view.schedule().gap, ...options });
}

/** Answered, missed and unanswered pings of a period (schedule: the user's, unless given). */
export function viewPingStatus(
  view: LogView,
  options: Omit<PingStatusOptions, 'schedule'> & { schedule?: Schedule },
): PingStatusReport {
  return pingStatus((ping) => view.answer(ping), {
    ...options,
    schedule: options.schedule ?? view.schedule(),
  });
}
