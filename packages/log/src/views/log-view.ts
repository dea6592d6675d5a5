import { SCHEDULE_NAMES, type Schedule, type ScheduleName, scheduleNamed } from '@tagtime/ping';
import { canonicalJson } from '../canonical.js';
import type { Cursor } from '../cursor.js';
import { compareRecords } from '../order.js';
import type { JsonValue, LogRecord } from '../records.js';
import { type Answer, AnswerBook } from './answers.js';
import { type DiagnosticCount, DiagnosticCounts } from './diagnostics.js';
import { LatestWins } from './latest.js';
import { RenameChain } from './renames.js';
import { TagRecords } from './tag-records.js';
import {
  checkLogViewState,
  type KeptRename,
  type KeptTag,
  LOG_VIEW_STATE_VERSION,
  type LogViewChanges,
  type LogViewState,
} from './view-state.js';

export interface LogViewOptions {
  /** IANA zone for the days of error and event counts; default UTC. */
  timeZone?: string;
}

/** A tag's metadata as the view shows it (renames applied, latest record wins). */
export interface TagInfo {
  tag: string;
  category?: string;
  color?: string;
}

export type AddResult = 'added' | 'duplicate';

const copyJson = (value: JsonValue): JsonValue => JSON.parse(JSON.stringify(value));

/** Merged order; two copies of one id (a broken client's) in the order of their canonical JSON. */
function arrivalOrder(a: LogRecord, b: LogRecord): number {
  const order = compareRecords(a, b);
  if (order !== 0 || a === b) return order;
  const [x, y] = [canonicalJson(a), canonicalJson(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * The user's view of their merged logs, as a state machine that can be saved (`state()`) and
 * resumed (`LogView.from`). Each device's records must arrive in their own increasing `t`
 * order, which is how the server stores and serves them; devices may interleave in any way and
 * one may arrive late, after the others' later records. The view is then the same as folding
 * the merged log at once, because every rule is decided by merged order, not by arrival.
 *
 * Only each device's head is kept, not the ids seen, so a record at or below its device's head
 * is taken for a resend and ignored (`'duplicate'`). A record below the head that was never
 * seen cannot come from the server (it refuses a record older than a log's head, 409, and
 * serves each log in order); fed by a broken caller, it is dropped the same way, so it can
 * never be counted twice. Records are trusted to be valid (see `validateRecord`).
 */
export class LogView {
  #heads = new Map<string, number>();
  #renames = new RenameChain();
  #answers = new AnswerBook(this.#renames);
  #tags = new TagRecords();
  #config = new LatestWins<JsonValue>();
  #diagnostics: DiagnosticCounts;
  readonly #timeZone: string;
  #size = 0;
  /** Frozen answers of the current state; dropped on every change. */
  #answerCache: Answer[] | undefined;
  #pingsVersion = 0;
  /** What changed since the last `takeChanges` (see `LogViewChanges`). */
  #changed = {
    heads: new Set<string>(),
    pings: new Set<number>(),
    renames: [] as KeptRename[],
    tags: [] as KeptTag[],
    config: new Set<string>(),
    diagnostics: new Set<string>(),
  };

  constructor(options: LogViewOptions = {}) {
    this.#timeZone = options.timeZone ?? 'UTC';
    this.#diagnostics = new DiagnosticCounts(this.#timeZone);
  }

  /**
   * Resumes a view from `state()` (also after a JSON round trip): applying more records to it
   * gives what applying them to the original would. `options.timeZone`, if given, must be the
   * state's: its diagnostics were counted in that zone's days.
   */
  static from(state: LogViewState, options: LogViewOptions = {}): LogView {
    checkLogViewState(state);
    if (options.timeZone !== undefined && options.timeZone !== state.timeZone) {
      throw new RangeError(
        `the state counted days in ${state.timeZone}, not ${options.timeZone}; refold the records to change zones`,
      );
    }
    const view = new LogView({ timeZone: state.timeZone });
    view.#size = state.size;
    for (const [device, t] of Object.entries(state.heads)) view.#heads.set(device, t);
    view.#renames = new RenameChain(state.renames);
    view.#answers = new AnswerBook(view.#renames, state.pings);
    view.#tags = new TagRecords(state.tags);
    for (const { key, device, t, value } of state.config) {
      view.#config.add(key, { device, t }, copyJson(value));
    }
    view.#diagnostics = new DiagnosticCounts(state.timeZone, state.diagnostics);
    return view;
  }

  /**
   * The whole view as a JSON value (`LogViewState`, versioned), for `LogView.from`;
   * `{ pings: false }` leaves the ping slots out (an empty list), for a caller that keeps its
   * own copy of them while `pingsVersion` stays the same.
   */
  state(options: { pings?: boolean } = {}): LogViewState {
    const heads: Record<string, number> = Object.create(null);
    for (const device of [...this.#heads.keys()].sort()) {
      heads[device] = this.#heads.get(device) as number;
    }
    return {
      v: LOG_VIEW_STATE_VERSION,
      timeZone: this.#timeZone,
      size: this.#size,
      heads,
      pings: options.pings === false ? [] : this.#answers.kept(),
      renames: this.#renames.kept(),
      tags: this.#tags.kept(),
      config: this.#config.latest().map(({ key, id, value }) => ({
        key,
        device: id.device,
        t: id.t,
        value: copyJson(value),
      })),
      diagnostics: this.#diagnostics.list(),
    };
  }

  /**
   * What changed since the view was made, resumed or last asked, and starts a new stretch. A
   * store keeping the state as entries writes these after each `apply` (see `LogViewChanges`);
   * a view made by `from` starts with no changes.
   */
  takeChanges(): LogViewChanges {
    const changed = this.#changed;
    this.#changed = {
      heads: new Set(),
      pings: new Set(),
      renames: [],
      tags: [],
      config: new Set(),
      diagnostics: new Set(),
    };
    const heads: Record<string, number> = Object.create(null);
    for (const device of changed.heads) heads[device] = this.#heads.get(device) as number;
    const config = [];
    for (const key of changed.config) {
      const entry = this.#config.entry(key);
      if (entry) {
        config.push({ key, device: entry.id.device, t: entry.id.t, value: copyJson(entry.value) });
      }
    }
    return {
      v: LOG_VIEW_STATE_VERSION,
      timeZone: this.#timeZone,
      size: this.#size,
      heads,
      pings: [...changed.pings].flatMap((ping) => this.#answers.keptSlot(ping) ?? []),
      renames: changed.renames,
      tags: changed.tags,
      config,
      diagnostics: [...changed.diagnostics].flatMap((key) => this.#diagnostics.entry(key) ?? []),
    };
  }

  /** Records folded in (duplicates not counted). */
  get size(): number {
    return this.#size;
  }

  /** Per device, the `t` of its last record folded in: where a pull of what is new starts. */
  heads(): Cursor {
    const cursor: Cursor = Object.create(null);
    for (const [device, t] of this.#heads) cursor[device] = t;
    return cursor;
  }

  /**
   * Folds records in and returns how many were new. Within one call the records may come in
   * any order (they are folded in merged order); across calls, each device's must come after
   * its head (see the class comment).
   */
  apply(records: Iterable<LogRecord>): number {
    let added = 0;
    for (const record of Array.from(records).sort(arrivalOrder)) {
      if (this.add(record) === 'added') added++;
    }
    return added;
  }

  /** `apply`, under its older name. */
  addAll(records: Iterable<LogRecord>): number {
    return this.apply(records);
  }

  /** Folds one record in; one at or below its device's head is a `duplicate` and changes nothing. */
  add(record: LogRecord): AddResult {
    const head = this.#heads.get(record.device);
    if (head !== undefined && record.t <= head) return 'duplicate';
    this.#heads.set(record.device, record.t);
    this.#size++;
    const changed = this.#changed;
    changed.heads.add(record.device);
    const id = { device: record.device, t: record.t };
    switch (record.kind) {
      case 'ping':
        this.#answerCache = undefined;
        this.#pingsVersion++;
        this.#answers.addAnswer(record);
        changed.pings.add(record.body.ping);
        break;
      case 'command':
        this.#answerCache = undefined;
        this.#pingsVersion++;
        if (record.body.op === 'rename-tag') {
          this.#renames.add(record, record.body.from, record.body.to);
          changed.renames.push({ ...id, from: record.body.from, to: record.body.to });
        } else {
          this.#answers.addDelete(record, record.body.ping);
          changed.pings.add(record.body.ping);
        }
        break;
      case 'tag':
        changed.tags.push(this.#tags.add(record));
        break;
      case 'config':
        this.#config.add(record.body.key, record, copyJson(record.body.value));
        changed.config.add(record.body.key);
        break;
      case 'error':
      case 'event':
        changed.diagnostics.add(this.#diagnostics.add(record));
        break;
    }
    return 'added';
  }

  /** Changes whenever a ping slot does (an answer, a deletion): `state().pings` is the same while it stays. */
  get pingsVersion(): number {
    return this.#pingsVersion;
  }

  /** The answer shown for one ping time. */
  answer(ping: number): Answer | undefined {
    return this.#answers.answer(ping);
  }

  /** Every shown answer, by ping time. The answers are frozen: they are shared between calls. */
  answers(): Answer[] {
    return this.#shownAnswers().slice();
  }

  /**
   * The shown answers of pings in `[from, to)` (unix seconds), by ping time, the first `limit`
   * of them if given: the cost follows the range, not the history.
   */
  answersBetween(from: number, to: number, limit?: number): Answer[] {
    return this.#answers.between(from, to, limit);
  }

  /** Every tag the shown answers carry, sorted (kept up to date as answers arrive). */
  tagsInUse(): string[] {
    return this.#answers.tagsInUse();
  }

  /** The shown answers, computed once per change of the view (statistics reuse them). */
  #shownAnswers(): readonly Answer[] {
    if (!this.#answerCache) this.#answerCache = this.#answers.answers();
    return this.#answerCache;
  }

  /** Tag metadata by tag name; renames carry metadata written before them to the new name. */
  tags(): TagInfo[] {
    return this.#tags.shown(this.#renames);
  }

  /** The renames as one flat map, for tags written after them (`RenameChain.latestNames`). */
  latestNames(): [string, string][] {
    return this.#renames.latestNames();
  }

  /** The configuration: per key, the latest value. */
  config(): Record<string, JsonValue> {
    const out: Record<string, JsonValue> = Object.create(null);
    for (const [key, value] of this.#config.entries()) out[key] = value;
    return out;
  }

  configValue(key: string): JsonValue | undefined {
    return this.#config.get(key);
  }

  /** Error and event counts per device, kind and day. */
  diagnostics(): DiagnosticCount[] {
    return this.#diagnostics.list();
  }

  /** The user's schedule: the `schedule` config if it names one, else the universal one. */
  schedule(): Schedule {
    const name = this.#config.get('schedule');
    const known = (SCHEDULE_NAMES as readonly unknown[]).includes(name);
    return scheduleNamed(known ? (name as ScheduleName) : 'universal');
  }
}

/** Folds records, in any order and with duplicates, into a new view. */
export function foldLog(records: Iterable<LogRecord>, options?: LogViewOptions): LogView {
  const view = new LogView(options);
  view.apply(records);
  return view;
}
