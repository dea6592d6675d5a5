import type { Answer } from '@tagtime/log';
import type { Schedule } from '@tagtime/ping';

/** How far back open pings are offered: older ones are history, not questions. */
export const OPEN_WINDOW_SECONDS = 7 * 86_400;

/**
 * The pings still waiting for an answer: those of the schedule after `since` (the last ping
 * this browser asked about or saw answered) up to `now`, which no device answered yet. The
 * latest is the question on screen; the others are missed pings, offered for retro answers
 * (or, left alone, as `afk off RETRO` automatic answers, as the CLI and the watch do).
 */
export function openPings(
  schedule: Schedule,
  since: number,
  now: number,
  answered: (ping: number) => boolean,
): number[] {
  const from = Math.max(since + 1, now - OPEN_WINDOW_SECONDS);
  if (from > now) return [];
  return schedule.pingsBetween(from, now + 1).filter((ping) => !answered(ping));
}

/** A lookup of answers by ping time. */
export function answeredBy(answers: readonly Answer[]): (ping: number) => boolean {
  const pings = new Set(answers.map((answer) => answer.ping));
  return (ping) => pings.has(ping);
}
