import type { LogRecord, RecordDraft } from './records.js';

/**
 * Gives a device strictly increasing record times even when its clock stalls or steps back:
 * each `t` is the wall clock, or `last + 1` when the wall clock is not past the last one.
 */
export class DeviceClock {
  #last: number;

  /** `last` is the `t` of the log's last record, if the log has one. */
  constructor(last?: number) {
    if (last !== undefined && !Number.isSafeInteger(last)) {
      throw new TypeError(`last must be an integer number of ms (got ${last})`);
    }
    this.#last = last ?? Number.NEGATIVE_INFINITY;
  }

  /** The `t` of the last record stamped (undefined before the first). */
  get last(): number | undefined {
    return Number.isFinite(this.#last) ? this.#last : undefined;
  }

  /** The next record time for wall-clock `nowMs`. */
  next(nowMs: number = Date.now()): number {
    if (!Number.isFinite(nowMs))
      throw new TypeError(`nowMs must be a finite number (got ${nowMs})`);
    const now = Math.floor(nowMs);
    const t = now > this.#last ? now : this.#last + 1;
    this.#last = t;
    return t;
  }
}

/** Stamps drafts with `device` and strictly increasing times from `clock`, in order. */
export function stampTimes(
  clock: DeviceClock,
  device: string,
  drafts: readonly RecordDraft[],
  nowMs: number = Date.now(),
): LogRecord[] {
  return drafts.map((draft) => ({ device, t: clock.next(nowMs), ...draft }) as LogRecord);
}
