import {
  type DiagnosticCount,
  type KeptPing,
  type KeptTag,
  type LogViewState,
  type StateEntry,
  stateFromEntries,
} from '@tagtime/log';
import type { StringStorage } from './side-store.js';
import type { ViewSummary } from './view-summary.js';

const PREFIX = 'tt.view.';
const JOURNAL = `${PREFIX}journal`;
/** Tag records per page (the watch never writes them; other devices seldom do). */
export const TAGS_PER_PAGE = 200;
/** Days per index block: each block lists the days of its span that have a page. */
const DAYS_PER_BLOCK = 1024;
const DAY_MS = 86_400_000;

/** The part of the kept view for one UTC day: the pings of that day, and that day's counts. */
export interface DayPage {
  pings: KeptPing[];
  counts: DiagnosticCount[];
}

export const dayOfPing = (ping: number): number => Math.floor(ping / 86_400);
/** The day an error or event at `t` (ms) is counted on: the view keeps its days in UTC. */
export const dayOfTime = (t: number): number => Math.floor(t / DAY_MS);
export const dayOfCount = (count: DiagnosticCount): number =>
  Math.floor(Date.parse(`${count.day}T00:00:00Z`) / DAY_MS);
export const blockOf = (day: number): number => Math.floor(day / DAYS_PER_BLOCK);

/** Keys and values to write together (`null` removes a key). */
export type PageWrites = Map<string, string | null>;

/**
 * The kept view's pages in the phone's settings storage: a small summary (`meta`), one page per
 * day that has pings or counts, an index of those days in blocks of `DAYS_PER_BLOCK` (the
 * summary lists the blocks), and the tag records in pages of `TAGS_PER_PAGE`. A change of
 * several pages is written as one through a journal, so a crash leaves all of it or none.
 */
export class ViewPages {
  constructor(private readonly storage: StringStorage) {}

  readonly metaKey = `${PREFIX}meta`;

  dayKey(day: number): string {
    return `${PREFIX}d.${day}`;
  }

  blockKey(block: number): string {
    return `${PREFIX}i.${block}`;
  }

  tagKey(page: number): string {
    return `${PREFIX}t.${page}`;
  }

  read(key: string): string | undefined {
    return this.storage.getItem(key) ?? undefined;
  }

  /** One day's page; undefined when the day has none yet. */
  day(day: number): DayPage | undefined {
    const text = this.read(this.dayKey(day));
    return text ? (JSON.parse(text) as DayPage) : undefined;
  }

  /** The days of one index block that have a page, ascending. */
  block(block: number): number[] {
    const text = this.read(this.blockKey(block));
    return text ? (JSON.parse(text) as number[]) : [];
  }

  /** Every day with a page, by the summary's index blocks. */
  days(summary: ViewSummary): number[] {
    return summary.blocks.flatMap((block) => this.block(block));
  }

  tags(page: number): KeptTag[] {
    const text = this.read(this.tagKey(page));
    return text ? (JSON.parse(text) as KeptTag[]) : [];
  }

  /** Every kept ping slot: the pages read from storage, or `fresh` where it has the day. */
  allPings(summary: ViewSummary, fresh: ReadonlyMap<number, DayPage> = new Map()): KeptPing[] {
    const slots: KeptPing[] = [];
    for (const page of fresh.values()) slots.push(...page.pings);
    for (const day of this.days(summary)) {
      if (!fresh.has(day)) slots.push(...(this.day(day)?.pings ?? []));
    }
    return slots;
  }

  /** The whole view: the summary's parts and every page. */
  state(summary: ViewSummary): LogViewState {
    const entries: StateEntry[] = [
      { key: ['meta'], value: { v: 1, timeZone: 'UTC', size: summary.size } },
    ];
    for (const [device, t] of Object.entries(summary.heads)) {
      entries.push({ key: ['head', device], value: t });
    }
    for (const r of summary.renames) entries.push({ key: ['rename', r.t, r.device], value: r });
    for (const c of summary.config) entries.push({ key: ['config', c.key], value: c });
    for (const day of this.days(summary)) {
      const page = this.day(day) ?? { pings: [], counts: [] };
      for (const slot of page.pings) entries.push({ key: ['ping', slot.ping], value: slot });
      for (const d of page.counts) {
        entries.push({ key: ['diag', d.device, d.kind, d.day], value: d });
      }
    }
    for (let n = 0; n * TAGS_PER_PAGE < summary.tags; n++) {
      for (const tag of this.tags(n)) entries.push({ key: ['tag', tag.t, tag.device], value: tag });
    }
    return stateFromEntries(entries) as LogViewState;
  }

  /**
   * Writes every value as one: the journal holding them all goes first and is removed last,
   * and opening finishes a journal it finds (`recover`).
   */
  commit(values: PageWrites): void {
    this.storage.setItem(JOURNAL, JSON.stringify([...values]));
    this.write(values);
    this.storage.removeItem(JOURNAL);
  }

  /** Writes values one by one (a rebuild guards itself: see `SideView.rebuild`). */
  write(values: Iterable<[string, string | null]>): void {
    for (const [key, value] of values) {
      if (value === null) this.storage.removeItem(key);
      else this.storage.setItem(key, value);
    }
  }

  /**
   * Finishes a commit a crash cut short (writing a value again is harmless). False when the
   * journal cannot be read (damaged storage): the pages may then be half written.
   */
  recover(): boolean {
    const text = this.read(JOURNAL);
    if (!text) return true;
    let values: [string, string | null][] | undefined;
    try {
      values = JSON.parse(text) as [string, string | null][];
    } catch {
      values = undefined;
    }
    if (values) this.write(values);
    this.storage.removeItem(JOURNAL);
    return values !== undefined;
  }
}
