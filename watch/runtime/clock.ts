/**
 * The simulated wall clock of the watch and phone: it moves only when told (`advance`), firing
 * timers and alarms on the way, so a week offline takes milliseconds.
 */
export class Clock {
  #now: number;
  #timers = new Map<number, { at: number; fn: () => void }>();
  #nextTimer = 1;

  constructor(startMs: number) {
    this.#now = startMs;
  }

  now(): number {
    return this.#now;
  }

  /** Jumps without firing anything (a clock the user or the phone sets). */
  set(ms: number): void {
    this.#now = ms;
  }

  setTimeout(fn: () => void, delay = 0): number {
    const id = this.#nextTimer++;
    this.#timers.set(id, { at: this.#now + Math.max(0, delay), fn });
    return id;
  }

  clearTimeout(id: unknown): void {
    this.#timers.delete(Number(id));
  }

  /** The earliest pending timer time. */
  nextTimer(): number | undefined {
    let next: number | undefined;
    for (const t of this.#timers.values()) if (next === undefined || t.at < next) next = t.at;
    return next;
  }

  /** Moves to `ms` (not back), firing due timers in time order. */
  runTimersUntil(ms: number): void {
    for (;;) {
      const due = [...this.#timers.entries()]
        .filter(([, t]) => t.at <= ms)
        .sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
      if (!due) break;
      this.#timers.delete(due[0]);
      this.#now = Math.max(this.#now, due[1].at);
      due[1].fn();
    }
    this.#now = Math.max(this.#now, ms);
  }

  /** A `Date` whose "now" is this clock (or `now`, a device's own view of it), for the realms. */
  dateClass(now: () => number = () => this.now()): DateConstructor {
    class SimulatedDate extends Date {
      constructor(...args: unknown[]) {
        if (args.length === 0) super(now());
        else super(...(args as [number]));
      }
      static override now(): number {
        return now();
      }
    }
    return SimulatedDate as unknown as DateConstructor;
  }
}
