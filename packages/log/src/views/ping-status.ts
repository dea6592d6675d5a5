import type { Schedule } from '@tagtime/ping';
import type { Answer } from './answers.js';
import { DayKeyer, nextDay, parseDay, startOfDay } from './zone.js';

/**
 * `answered`: a person answered. `missed`: only a device's automatic answer (nobody could
 * answer: `afk off`…). `unanswered`: no answer at all yet (still open for a retro answer).
 */
export type PingState = 'answered' | 'missed' | 'unanswered';

export interface PingStatusOptions {
  /** First local day of the period, `YYYY-MM-DD`. */
  from: string;
  /** Last local day of the period (included), `YYYY-MM-DD`. */
  to: string;
  /** IANA time zone of those days. */
  timeZone: string;
  schedule: Schedule;
  /** Unix seconds; pings after it have not happened yet and are left out. Default: no limit. */
  now?: number;
}

export interface DayStatus {
  day: string;
  answered: number;
  missed: number;
  unanswered: number;
}

export interface PingStatusReport {
  from: string;
  to: string;
  timeZone: string;
  answered: number;
  missed: number;
  unanswered: number;
  /** Every scheduled ping of the period with its state, by time. */
  pings: Array<{ ping: number; state: PingState }>;
  days: DayStatus[];
}

/** Compares the schedule's pings in a period of local days with the answers given for them. */
export function pingStatus(
  answerFor: (ping: number) => Answer | undefined,
  options: PingStatusOptions,
): PingStatusReport {
  const { from, to, timeZone, schedule } = options;
  parseDay(from);
  parseDay(to);
  if (from > to) throw new RangeError(`period starts (${from}) after it ends (${to})`);
  const start = startOfDay(from, timeZone);
  let end = startOfDay(nextDay(to), timeZone);
  if (options.now !== undefined) end = Math.min(end, Math.floor(options.now) + 1);
  const report: PingStatusReport = {
    from,
    to,
    timeZone,
    answered: 0,
    missed: 0,
    unanswered: 0,
    pings: [],
    days: [],
  };
  const days = DayKeyer.for(timeZone);
  let today: DayStatus | undefined;
  for (const ping of start < end ? schedule.pingsBetween(start, end) : []) {
    const answer = answerFor(ping);
    const state: PingState = !answer ? 'unanswered' : answer.auto ? 'missed' : 'answered';
    report[state]++;
    report.pings.push({ ping, state });
    const day = days.dayOf(ping);
    if (today?.day !== day) {
      today = { day, answered: 0, missed: 0, unanswered: 0 };
      report.days.push(today);
    }
    today[state]++;
  }
  return report;
}
