import { SCHEDULE_NAMES, type Schedule, type ScheduleName, scheduleNamed } from '@tagtime/ping';
import { canonicalJson, sameRecord } from '../canonical.js';
import { compareRecords } from '../order.js';
import type { JsonValue, LogRecord, RecordId, TagRecord } from '../records.js';
import { type Answer, AnswerBook } from './answers.js';
import { type DiagnosticCount, DiagnosticCounts } from './diagnostics.js';
import { LatestWins } from './latest.js';
import { type PingStatusOptions, type PingStatusReport, pingStatus } from './ping-status.js';
import { RenameChain } from './renames.js';
import { type TagStatistics, type TagStatisticsOptions, tagStatistics } from './stats.js';

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

export type AddResult = 'added' | 'duplicate' | 'conflict';

/**
 * The user's view of their merged logs, folded from records in any order: feeding records one
 * by one, in batches, late, or twice gives the same view as folding the merged log at once,
 * because the state is the set of records (per ping, per key) and every rule is decided by
 * merged order, not by arrival. Records are trusted to be valid (see `validateRecord`).
 */
export class LogView {
  readonly #ids = new Map<string, Map<number, LogRecord>>();
  readonly #renames = new RenameChain();
  readonly #answers = new AnswerBook(this.#renames);
  readonly #tagRecords: TagRecord[] = [];
  readonly #config = new LatestWins<JsonValue>();
  readonly #diagnostics: DiagnosticCounts;
  readonly #conflicts = new Map<string, RecordId>();
  #size = 0;
  /** Frozen answers of the current state; dropped on every change. */
  #answerCache: Answer[] | undefined;

  constructor(options: LogViewOptions = {}) {
    this.#diagnostics = new DiagnosticCounts(options.timeZone ?? 'UTC');
  }

  /** Records folded in (duplicates not counted). */
  get size(): number {
    return this.#size;
  }

  /**
   * Folds one record in. A resend of a record already folded is a `duplicate` and changes
   * nothing. A different record with an id already folded is a `conflict`: the server refuses
   * those (409), so it means a broken client. The view then keeps the copy with the smaller
   * canonical JSON, whatever the arrival order, and lists the id in `conflicts()`.
   */
  add(record: LogRecord): AddResult {
    let seen = this.#ids.get(record.device);
    if (!seen) {
      seen = new Map();
      this.#ids.set(record.device, seen);
    }
    const earlier = seen.get(record.t);
    if (earlier) {
      if (sameRecord(earlier, record)) return 'duplicate';
      this.#conflicts.set(`${record.device}\u0000${record.t}`, {
        device: record.device,
        t: record.t,
      });
      if (canonicalJson(record) < canonicalJson(earlier)) {
        this.#apply(earlier, -1);
        seen.set(record.t, record);
        this.#apply(record, 1);
      }
      return 'conflict';
    }
    seen.set(record.t, record);
    this.#size++;
    this.#apply(record, 1);
    return 'added';
  }

  /** Folds a record in (`+1`) or takes it back out (`-1`). */
  #apply(record: LogRecord, sign: 1 | -1): void {
    this.#answerCache = undefined;
    switch (record.kind) {
      case 'ping':
        if (sign > 0) this.#answers.addAnswer(record);
        else this.#answers.removeAnswer(record);
        break;
      case 'command':
        if (record.body.op === 'rename-tag') {
          if (sign > 0) this.#renames.add(record, record.body.from, record.body.to);
          else this.#renames.remove(record);
        } else if (sign > 0) {
          this.#answers.addDelete(record, record.body.ping);
        } else {
          this.#answers.removeDelete(record, record.body.ping);
        }
        break;
      case 'tag':
        if (sign > 0) this.#tagRecords.push(record);
        else this.#tagRecords.splice(this.#tagRecords.indexOf(record), 1);
        break;
      case 'config':
        if (sign > 0) this.#config.add(record.body.key, record, record.body.value);
        else this.#config.remove(record.body.key, record);
        break;
      case 'error':
      case 'event':
        if (sign > 0) this.#diagnostics.add(record);
        else this.#diagnostics.remove(record);
        break;
    }
  }

  /** Folds many records; returns how many were new. */
  addAll(records: Iterable<LogRecord>): number {
    let added = 0;
    for (const record of records) if (this.add(record) === 'added') added++;
    return added;
  }

  /** The answer shown for one ping time. */
  answer(ping: number): Answer | undefined {
    return this.#answers.answer(ping);
  }

  /** Every shown answer, by ping time. The answers are frozen: they are shared between calls. */
  answers(): Answer[] {
    return this.#shownAnswers().slice();
  }

  /** The shown answers, computed once per change of the view (statistics reuse them). */
  #shownAnswers(): readonly Answer[] {
    if (!this.#answerCache) this.#answerCache = this.#answers.answers();
    return this.#answerCache;
  }

  /** Tag metadata by tag name; renames carry metadata written before them to the new name. */
  tags(): TagInfo[] {
    const latest = new LatestWins<TagRecord>();
    for (const record of this.#tagRecords) {
      latest.add(this.#renames.rename(record, record.body.tag), record, record);
    }
    return latest.entries().map(([tag, record]) => {
      const info: TagInfo = { tag };
      if (record.body.category !== undefined) info.category = record.body.category;
      if (record.body.color !== undefined) info.color = record.body.color;
      return info;
    });
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

  /** Ids that arrived with different contents, in merged order. */
  conflicts(): RecordId[] {
    return [...this.#conflicts.values()].map((id) => ({ ...id })).sort(compareRecords);
  }

  /** The user's schedule: the `schedule` config if it names one, else the universal one. */
  schedule(): Schedule {
    const name = this.#config.get('schedule');
    const known = (SCHEDULE_NAMES as readonly unknown[]).includes(name);
    return scheduleNamed(known ? (name as ScheduleName) : 'universal');
  }

  /** Per-tag counts, time estimates and series (gap: the user's schedule's, unless given). */
  stats(options: TagStatisticsOptions = {}): TagStatistics {
    return tagStatistics(this.#shownAnswers(), { gap: this.schedule().gap, ...options });
  }

  /** Answered, missed and unanswered pings of a period (schedule: the user's, unless given). */
  pingStatus(
    options: Omit<PingStatusOptions, 'schedule'> & { schedule?: Schedule },
  ): PingStatusReport {
    return pingStatus((ping) => this.answer(ping), {
      ...options,
      schedule: options.schedule ?? this.schedule(),
    });
  }
}

/** Folds records into a new view. */
export function foldLog(records: Iterable<LogRecord>, options?: LogViewOptions): LogView {
  const view = new LogView(options);
  view.addAll(records);
  return view;
}
