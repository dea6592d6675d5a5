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

  constructor(timeZone: string) {
    this.#days = new DayKeyer(timeZone);
  }

  add(record: ErrorRecord | EventRecord): void {
    const day = this.#days.dayOf(Math.floor(record.t / 1000));
    const key = `${record.device}\u0000${record.kind}\u0000${day}`;
    const entry = this.#counts.get(key);
    if (entry) entry.count++;
    else this.#counts.set(key, { device: record.device, kind: record.kind, day, count: 1 });
  }

  /** Takes back a record counted before (the losing copy of a conflict). */
  remove(record: ErrorRecord | EventRecord): void {
    const day = this.#days.dayOf(Math.floor(record.t / 1000));
    const key = `${record.device}\u0000${record.kind}\u0000${day}`;
    const entry = this.#counts.get(key);
    if (!entry) return;
    entry.count--;
    if (entry.count === 0) this.#counts.delete(key);
  }

  /** Sorted by device, then kind, then day. */
  list(): DiagnosticCount[] {
    return [...this.#counts.values()]
      .map((entry) => ({ ...entry }))
      .sort((a, b) => cmp(a.device, b.device) || cmp(a.kind, b.kind) || cmp(a.day, b.day));
  }
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
