import type { WatchConfig } from './config.js';
import { scheduleFor } from './schedule.js';

/**
 * Which pings the watch has dealt with. Every ping at or before `handledUpTo` is answered (by the
 * user or by an `auto` answer); `answered` lists the pings after it that the user answered.
 * Pings before `since` (when the app first ran) are not the watch's business.
 */
export interface PingLedger {
  since: number;
  handledUpTo: number;
  answered: number[];
}

/** Auto answers look back at most this far: a watch off for months does not flood its log. */
export const MAX_RETRO_SECONDS = 14 * 86400;

export function newLedger(now: number): PingLedger {
  return { since: now, handledUpTo: now, answered: [] };
}

/** The ledger from storage, repaired where malformed (a broken one starts afresh at `now`). */
export function normaliseLedger(input: unknown, now: number): PingLedger {
  const value = input as Partial<PingLedger> | undefined;
  const since = Number(value?.since);
  const handled = Number(value?.handledUpTo);
  if (!Number.isSafeInteger(since) || !Number.isSafeInteger(handled)) return newLedger(now);
  const answered = Array.isArray(value?.answered)
    ? value.answered.map(Number).filter((p) => Number.isSafeInteger(p) && p > handled)
    : [];
  return { since, handledUpTo: handled, answered: [...new Set(answered)].sort((a, b) => a - b) };
}

/** Pings the user has not answered yet, newest first: from the last handled one up to `now`. */
export function missedPings(ledger: PingLedger, config: WatchConfig, now: number): number[] {
  const from = Math.max(ledger.since, ledger.handledUpTo, now - MAX_RETRO_SECONDS) + 1;
  if (from > now) return [];
  const answered = new Set(ledger.answered);
  return scheduleFor(config.schedule)
    .pingsBetween(from, now + 1)
    .filter((p) => !answered.has(p))
    .reverse();
}

/** Marks `ping` answered by the user. */
export function markAnswered(ledger: PingLedger, ping: number): PingLedger {
  if (ping <= ledger.handledUpTo || ledger.answered.includes(ping)) return ledger;
  return { ...ledger, answered: [...ledger.answered, ping].sort((a, b) => a - b) };
}

/**
 * The pings old enough for an `auto` answer (unanswered past the threshold), oldest first, and
 * the ledger after writing them. The caller appends the answers to the log before saving it.
 */
export function duePings(
  ledger: PingLedger,
  config: WatchConfig,
  now: number,
): { due: number[]; ledger: PingLedger } {
  const cutoff = now - config.autoAfterMinutes * 60;
  if (cutoff <= ledger.handledUpTo) return { due: [], ledger };
  const from = Math.max(ledger.since, ledger.handledUpTo, now - MAX_RETRO_SECONDS) + 1;
  const answered = new Set(ledger.answered);
  const due =
    from > cutoff
      ? []
      : scheduleFor(config.schedule)
          .pingsBetween(from, cutoff + 1)
          .filter((p) => !answered.has(p));
  return {
    due,
    ledger: {
      since: ledger.since,
      handledUpTo: cutoff,
      answered: ledger.answered.filter((p) => p > cutoff),
    },
  };
}
