import type { RecordDraft } from '@tagtime/log/compact';
import type { PingLedger } from './ledger.js';

/** Differences under this are Bluetooth latency and drift, not a wrong clock. */
export const CLOCK_TOLERANCE_MS = 60_000;

/**
 * What to add to the watch's clock to get the phone's, from the phone's `now` in an answer and
 * when the request left and the answer came (the midpoint stands for the phone's moment); 0 when
 * they agree within the tolerance, undefined when the answer carried no time (an older phone).
 */
export function offsetFromPhone(
  phoneNow: unknown,
  sentAt: number,
  receivedAt: number,
): number | undefined {
  if (typeof phoneNow !== 'number' || !Number.isSafeInteger(phoneNow) || phoneNow <= 0) {
    return undefined;
  }
  const difference = phoneNow - Math.round((sentAt + receivedAt) / 2);
  return Math.abs(difference) < CLOCK_TOLERANCE_MS ? 0 : difference;
}

/** "2 d 3 h ahead", "5 min behind": how the watch's own clock differs from the phone's. */
export function describeOffset(offsetMs: number): string {
  const minutes = Math.round(Math.abs(offsetMs) / 60_000);
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  const size = d > 0 ? `${d} d ${h} h` : h > 0 ? `${h} h ${m} min` : `${m} min`;
  return `${size} ${offsetMs < 0 ? 'ahead' : 'behind'}`;
}

/**
 * The ledger after time went back to `now` (the watch ran ahead): pings it counted as handled
 * or answered after `now` have not happened yet, so they are rung and answered again when due.
 */
export function rewindLedger(ledger: PingLedger, now: number): PingLedger {
  if (ledger.handledUpTo <= now && ledger.since <= now && ledger.answered.every((p) => p <= now)) {
    return ledger;
  }
  return {
    since: Math.min(ledger.since, now),
    handledUpTo: Math.min(ledger.handledUpTo, now),
    answered: ledger.answered.filter((p) => p <= now),
  };
}

/** The `clock` event a correction writes: the offset taken, the one before, and in words. */
export function clockEvent(was: number, offset: number): RecordDraft {
  const watch = offset === 0 ? 'agrees with the phone' : describeOffset(offset);
  return { kind: 'event', body: { name: 'clock', data: { offset, was, watch } } };
}
