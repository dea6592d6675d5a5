/**
 * `@zos/alarm` as real devices behave (zepp-os.md): ids are numbers from 1 up, a fired
 * REPEAT_ONCE alarm is used up and `cancel()` on it throws, `set()` answers 0 when refused.
 */
export interface PendingAlarm {
  id: number;
  url: string;
  time: number;
  param: string | undefined;
}

export class AlarmSystem {
  readonly pending = new Map<number, PendingAlarm>();
  #nextId = 1;
  /** When set, the next `set()` is refused (answers 0), as a full alarm table would. */
  refuseNext = false;
  log: string[] = [];

  set(
    option: { url: string; time?: number; delay?: number; param?: string; store?: boolean },
    now: number,
  ): number {
    if (this.refuseNext) {
      this.refuseNext = false;
      return 0;
    }
    const time = option.time ?? Math.floor(now / 1000) + (option.delay ?? 0);
    const id = this.#nextId++;
    this.pending.set(id, { id, url: option.url, time, param: option.param });
    this.log.push(`set ${id} @${time}`);
    return id;
  }

  cancel(option: number | { id: number }): number {
    const id = typeof option === 'number' ? option : option.id;
    if (typeof id !== 'number') throw new TypeError(`alarm id must be a number, got ${typeof id}`);
    if (!this.pending.delete(id))
      throw new Error(`alarm ${id} does not exist (fired or never set)`);
    this.log.push(`cancel ${id}`);
    return 0;
  }

  getAllAlarms(): number[] {
    return [...this.pending.keys()];
  }

  /** Alarms due at `nowSeconds`, earliest first, removed as firing uses them up. */
  takeDue(nowSeconds: number): PendingAlarm[] {
    const due = [...this.pending.values()].filter((a) => a.time <= nowSeconds);
    due.sort((a, b) => a.time - b.time || a.id - b.id);
    for (const alarm of due) this.pending.delete(alarm.id);
    return due;
  }

  /** The earliest pending alarm time, if any. */
  nextTime(): number | undefined {
    let next: number | undefined;
    for (const alarm of this.pending.values())
      if (next === undefined || alarm.time < next) next = alarm.time;
    return next;
  }
}
