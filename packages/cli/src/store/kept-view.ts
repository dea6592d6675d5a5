import {
  type Answer,
  changeEntries,
  type DiagnosticCount,
  type DiagnosticSpan,
  entriesTouchedBy,
  entryMeta,
  type KeptConfig,
  type KeptPing,
  type KeptRename,
  LOG_VIEW_STATE_VERSION,
  type LogRecord,
  LogView,
  type LogViewState,
  type StateEntry,
  type StateEntryKey,
  stateEntries,
  stateFromEntries,
} from '@tagtime/log/core';
import type { Schedule } from '@tagtime/ping';
import type { Database, Key } from 'lmdb';
import { APPEND, putIf } from './lmdb-put.js';

/** What `answers()` reads: pings in `[from, to)`, ascending or (reverse) descending. */
export interface AnswerRange {
  from?: number;
  to?: number;
  reverse?: boolean;
}

/** Records folded so far of `total`, while refolding. */
export type Progress = (done: number, total: number) => void;

/** The parts of a state a resumed view needs; the rest starts empty. */
interface Part {
  heads?: Record<string, number>;
  pings?: KeptPing[];
  renames?: KeptRename[];
  config?: KeptConfig[];
  diagnostics?: DiagnosticCount[];
}

/** Ping slots per view resumed by `answers()`: its memory, whatever the range. */
const SLOTS_PER_VIEW = 1000;

/**
 * Ping slots are kept a UTC day to an entry (about 32 of them, by ping time): taking a view or
 * refolding then writes some 3,000 entries for 100,000 answers rather than 100,000, which in a
 * short-lived process (cold code, each put through lmdb-js and msgpack) cost a first sync most
 * of its view's time. An answer rewrites its day's entry, a few KiB.
 */
const BLOCK_SECONDS = 86_400;
type BlockKey = ['pings', number];
const blockOf = (ping: number): number => ping - (ping % BLOCK_SECONDS);
const blockKey = (ping: number): BlockKey => ['pings', blockOf(ping)];

const DAY_MS = 86_400_000;

/** Records folded per step when refolding (the progress it reports). */
const REFOLD_STEP = 5000;

/** lmdb-js stores a one-element array key as its element: `['meta']` reads back as `'meta'`. */
const entryKey = (key: Key): StateEntryKey => (Array.isArray(key) ? key : [key]) as StateEntryKey;

/**
 * @tagtime/log's `LogView` kept in one LMDB table as its state's entries (`stateEntries`: one per
 * rename, tag record, config key, error/event count and device head, and `meta`; the ping slots
 * a UTC day to an entry). The
 * store writes them in the same transaction as the records they fold, so no crash leaves the
 * view and the records apart, and `stateFromEntries` reads the whole state back (`state()`).
 *
 * No whole view is held in memory: loading one costs time and memory in proportion to the
 * history (at 100,000 answers, most of a second and over 150 MiB on the team's 2-core machine),
 * and each CLI command is a process of its own. A write resumes a `LogView` from the entries its
 * batch can touch, applies the batch and writes what `takeChanges` says changed; a read resumes
 * one from the entries it shows. That is exact because each of LogView's rules reads only the
 * ping slot, config key or count a record names, plus the heads (to tell resends apart), which
 * are always loaded; the store contract's "kept equals fresh" checks it against a fold of every
 * record. A failed transaction leaves nothing in memory to drift ahead of the disk.
 */
export class KeptView {
  constructor(private readonly table: Database<unknown, Key>) {}

  /** Whether the table holds a state of the `LogView` this build runs. */
  isCurrent(): boolean {
    return entryMeta(this.table.get(['meta'])) !== undefined;
  }

  /** The whole state (undefined: none kept, or of another version). A walk over every entry. */
  state(): LogViewState | undefined {
    const table = this.table;
    // A walk of every entry, each day's ping slots one by one (not lmdb-js's `flatMap`, whose
    // walk fails when it is ended early, as `stateFromEntries` may).
    return stateFromEntries(
      (function* (): Generator<StateEntry> {
        for (const { key, value } of table.getRange()) {
          if ((key as unknown[])[0] !== 'pings') yield { key: entryKey(key), value };
          else
            for (const slot of value as KeptPing[]) yield { key: ['ping', slot.ping], value: slot };
        }
      })(),
    );
  }

  /**
   * Folds `records` in: call it inside the write transaction that stores them. Each device's
   * records must come after those folded before (a record at or below its device's head is
   * taken for a resend, as LogView takes it).
   */
  fold(records: readonly LogRecord[]): void {
    if (records.length === 0) return;
    const { pings, config, diagnostics } = entriesTouchedBy(records);
    const days = new Set(pings.map(blockOf));
    const view = this.#resume({
      heads: this.#heads(),
      pings: [...days].flatMap((day) => this.#block(day)),
      config: config.flatMap((key) => this.#get<KeptConfig>(['config', key]) ?? []),
      diagnostics: diagnostics.flatMap((span) => this.#counts(span)),
    });
    view.apply(records);
    this.#put(changeEntries(view.takeChanges()));
  }

  /**
   * Replaces the state with a fold of `records` (a new layout, relabelled ids, a migration),
   * which must come in each device's order. Call it inside a write transaction.
   */
  refold(records: Iterable<LogRecord>, total: number, onProgress?: Progress): void {
    this.table.clearSync();
    this.#put(stateEntries(new LogView().state()));
    let done = 0;
    let step: LogRecord[] = [];
    const foldStep = () => {
      this.fold(step);
      done += step.length;
      step = [];
      if (total > 0) onProgress?.(done, total);
    };
    for (const record of records) if (step.push(record) >= REFOLD_STEP) foldStep();
    foldStep();
  }

  /**
   * Replaces the state with `state` (a view taken from the server), inside a write transaction.
   * Entries come grouped by kind and pings by time, which is mostly the table's key order, so
   * most are appended (MDB_APPEND) rather than searched for.
   */
  replace(state: LogViewState): void {
    this.table.clearSync();
    const put = (key: Key, value: unknown) => {
      if (!putIf(this.table, key, value, APPEND)) this.table.putSync(key, value);
    };
    // By ping time, as the state keeps them: each day's run of slots is one entry.
    let day: KeptPing[] = [];
    for (const slot of state.pings) {
      const first = day[0];
      if (first && blockOf(first.ping) !== blockOf(slot.ping)) {
        put(blockKey(first.ping), day);
        day = [];
      }
      day.push(slot);
    }
    if (day[0]) put(blockKey(day[0].ping), day);
    for (const { key, value } of stateEntries({ ...state, pings: [] })) put(key, value);
  }

  /** The answer shown for one ping time. */
  answer(ping: number): Answer | undefined {
    const slot = this.#block(blockOf(ping)).find((kept) => kept.ping === ping);
    return slot && this.#resume({ pings: [slot], renames: this.#renames() }).answer(ping);
  }

  /** Shown answers of pings in `[from, to)`, by ping time (latest first with `reverse`). */
  *answers(range: AnswerRange = {}): Generator<Answer> {
    const { from = Number.NEGATIVE_INFINITY, to = Number.POSITIVE_INFINITY, reverse } = range;
    // lmdb-js ranges include `start` and leave out `end`, whichever way they walk; `['pings']`
    // comes before every day's key. The first and last days hold slots outside the range.
    const first: Key = Number.isFinite(from) ? blockKey(from) : ['pings'];
    const last: Key = Number.isFinite(to) ? blockKey(to) : ['pings', to];
    const days = reverse
      ? this.table.getRange({ start: last, end: ['pings'], reverse: true })
      : this.table.getRange({ start: first, end: ['pings', to] });
    // Not lmdb-js's `flatMap`: ending its walk early fails (it calls `return` on an array).
    const slots = function* () {
      for (const { value } of days) {
        yield* reverse ? [...(value as KeptPing[])].reverse() : (value as KeptPing[]);
      }
    };
    const renames = this.#renames();
    let chunk: KeptPing[] = [];
    const show = (): Answer[] => {
      const shown = this.#resume({ pings: chunk, renames }).answers();
      chunk = [];
      return reverse ? shown.reverse() : shown;
    };
    for (const slot of slots()) {
      if (slot.ping >= to) {
        if (reverse) continue; // a reverse walk starts in the day of `to`
        break;
      }
      if (slot.ping < from) {
        if (reverse) break;
        continue; // a forward walk starts in the day of `from`
      }
      if (chunk.push(slot) >= SLOTS_PER_VIEW) yield* show();
    }
    yield* show();
  }

  /** The user's schedule, by LogView's rule (the `schedule` config if it names one). */
  schedule(): Schedule {
    const kept = this.#get<KeptConfig>(['config', 'schedule']);
    return this.#resume({ config: kept ? [kept] : [] }).schedule();
  }

  #resume(part: Part): LogView {
    const meta = this.#meta();
    return LogView.from({
      v: LOG_VIEW_STATE_VERSION,
      timeZone: meta.timeZone,
      size: meta.size,
      heads: part.heads ?? {},
      pings: part.pings ?? [],
      renames: part.renames ?? [],
      tags: [],
      config: part.config ?? [],
      diagnostics: part.diagnostics ?? [],
    });
  }

  #meta(): { timeZone: string; size: number } {
    const meta = entryMeta(this.table.get(['meta']));
    // The store refolds a view of another version when it opens, so this is a broken store.
    if (!meta) throw new Error('the store keeps no view of this version; open it again');
    return meta;
  }

  #get<T>(key: StateEntryKey): T | undefined {
    return this.table.get(key) as T | undefined;
  }

  /** The kept slots of one day (`blockOf`), by ping time. */
  #block(day: number): KeptPing[] {
    return (this.table.get(['pings', day]) as KeptPing[] | undefined) ?? [];
  }

  /**
   * The counts of one device's errors or events on the days around `from`–`to` (ms). A day is
   * the view's zone's, at most 14 hours from UTC, so the UTC days from the one before to the one
   * after hold every day the records fall on; day keys (`YYYY-MM-DD`) sort as the days do.
   */
  #counts(span: DiagnosticSpan): DiagnosticCount[] {
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const { device, kind } = span;
    const counts: DiagnosticCount[] = [];
    const range = this.table.getRange({
      start: ['diag', device, kind, day(span.from - DAY_MS)],
      end: ['diag', device, kind, day(span.to + 2 * DAY_MS)],
    });
    for (const { value } of range) counts.push(value as DiagnosticCount);
    return counts;
  }

  #heads(): Record<string, number> {
    const heads: Record<string, number> = Object.create(null);
    for (const { key, value } of this.table.getRange({ start: ['head'] })) {
      const [kind, device] = entryKey(key);
      if (kind !== 'head') break;
      heads[device as string] = value as number;
    }
    return heads;
  }

  #renames(): KeptRename[] {
    const renames: KeptRename[] = [];
    for (const { key, value } of this.table.getRange({ start: ['rename'] })) {
      if (entryKey(key)[0] !== 'rename') break;
      renames.push(value as KeptRename);
    }
    return renames;
  }

  /** Writes changed entries; changed ping slots go into their days' entries. */
  #put(entries: readonly StateEntry[]): void {
    const days = new Map<number, Map<number, KeptPing>>();
    for (const { key, value } of entries) {
      if (key[0] !== 'ping') {
        this.table.putSync(key, value);
        continue;
      }
      const day = blockOf(key[1]);
      let slots = days.get(day);
      if (!slots) {
        slots = new Map(this.#block(day).map((slot) => [slot.ping, slot]));
        days.set(day, slots);
      }
      slots.set(key[1], value as KeptPing);
    }
    for (const [day, slots] of days) {
      const sorted = [...slots.values()].sort((a, b) => a.ping - b.ping);
      this.table.putSync(['pings', day], sorted);
    }
  }
}
