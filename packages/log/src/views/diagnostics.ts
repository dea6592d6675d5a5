import type { ErrorRecord, EventRecord } from '../records.js';
import { DayKeyer } from './zone.js';

/** How many errors or events one device logged on one day. */
export interface DiagnosticCount {
  device: string;
  kind: 'error' | 'event';
  /** Local `YYYY-MM-DD` of the records' `t` in the view's time zone. */
  day: string;
  count: number;
}

/** Counts of error and event records per device, kind and day. */
export class DiagnosticCounts {
  readonly #counts = new Map<string, DiagnosticCount>();
  readonly #days: DayKeyer;

  /** Counts in `timeZone`, starting from `kept` (a `list()` made in the same zone). */
  constructor(timeZone: string, kept: readonly DiagnosticCount[] = []) {
    this.#days = DayKeyer.for(timeZone);
    for (const { device, kind, day, count } of kept) this.#bump(device, kind, day, count);
  }

  /** Counts the record in; returns the key of the count it bumped (for `entry`). */
  add(record: ErrorRecord | EventRecord): string {
    return this.#bump(record.device, record.kind, this.#days.dayOf(Math.floor(record.t / 1000)), 1);
  }

  #bump(device: string, kind: 'error' | 'event', day: string, count: number): string {
    const key = `${device}\u0000${kind}\u0000${day}`;
    const entry = this.#counts.get(key);
    if (entry) entry.count += count;
    else this.#counts.set(key, { device, kind, day, count });
    return key;
  }

  /** One count by the key `add` returned, copied. */
  entry(key: string): DiagnosticCount | undefined {
    const entry = this.#counts.get(key);
    return entry && { ...entry };
  }

  /** Sorted by device, then kind, then day. */
  list(): DiagnosticCount[] {
    return [...this.#counts.values()]
      .map((entry) => ({ ...entry }))
      .sort((a, b) => cmp(a.device, b.device) || cmp(a.kind, b.kind) || cmp(a.day, b.day));
  }
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
