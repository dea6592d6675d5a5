import type { ClientStore } from '@tagtime/client';
import {
  type Answer,
  type Cursor,
  canonicalJson,
  compareRecords,
  type JsonValue,
  kindOfCanonicalRecord,
  type LogRecord,
  type RenameChain,
} from '@tagtime/log';
import { SCHEDULE_NAMES, type Schedule, type ScheduleName, scheduleNamed } from '@tagtime/ping';
import { type Database, open, type RootDatabase } from 'lmdb';
import {
  ANSWERED,
  answerOf,
  type ConfigEntry,
  loadRenames,
  recountTotals,
  type Slot,
  type ViewTables,
  ViewWriter,
} from './folded-view.js';
import { APPEND, NO_OVERWRITE, putIf } from './lmdb-put.js';

/**
 * Bumped when the folded view's layout changes: a store with another one is refolded once.
 * 2: a ping's other answers live in its slot (1 kept them in a `candidates` table).
 */
const VIEW_VERSION = 2;

const ACKED = 'acked';
const CURSOR = 'cursor';
const VIEW = 'view:version';
const setting = (key: string) => `setting:${key}`;

/** What `answers()` reads: pings in `[from, to)`, ascending or (reverse) descending. */
export interface AnswerRange {
  from?: number;
  to?: number;
  reverse?: boolean;
}

/**
 * A record as the record tables hold it: its canonical JSON as validation returned it (written
 * as is, no encoding of the object), or the object itself (stores written before, migrations).
 */
type StoredRecord = LogRecord | string;

const recordOf = (stored: StoredRecord): LogRecord =>
  typeof stored === 'string' ? (JSON.parse(stored) as LogRecord) : stored;

const jsonOf = (stored: StoredRecord): string =>
  typeof stored === 'string' ? stored : canonicalJson(stored);

/** Own records the server has not acknowledged yet, by what they are. */
export interface UnsyncedCounts {
  answers: number;
  diagnostics: number;
  other: number;
}

/** Everything a store holds, as a migration brings it in. */
export interface StoreContents {
  own: readonly LogRecord[];
  acked: number | undefined;
  replica: readonly LogRecord[];
  cursor: Cursor;
  settings: Record<string, string>;
}

/**
 * The CLI's store: one LMDB environment (a directory) holding the own log, the replica and the
 * folded view (answers per ping, tag totals, config, renames), all updated in one transaction
 * per write. Opening maps the file and reads nothing, so every command costs what it reads, not
 * what the log holds (NeDB, the first choice, loads the whole file into memory on open).
 *
 * Durability: a write resolves only once its transaction is flushed to disk (`env.flushed`;
 * lmdb-js's default overlapping sync makes the commit visible before the fsync).
 */
export class LmdbStore implements ClientStore {
  readonly #env: RootDatabase;
  readonly #own: Database<StoredRecord, number>;
  readonly #replica: Database<StoredRecord, [number, string]>;
  readonly #tables: ViewTables;
  #chain: RenameChain;

  private constructor(path: string) {
    // noSubdir: false: the path is a directory whatever its name (`~/.tagtime/store`).
    this.#env = open({ path, maxDbs: 10, noSubdir: false });
    this.#own = this.#env.openDB({ name: 'own' });
    this.#replica = this.#env.openDB({ name: 'replica' });
    this.#tables = {
      slots: this.#env.openDB({ name: 'slots' }),
      totals: this.#env.openDB({ name: 'totals' }),
      config: this.#env.openDB({ name: 'config' }),
      renames: this.#env.openDB({ name: 'renames' }),
      meta: this.#env.openDB({ name: 'meta' }),
    };
    this.#chain = loadRenames(this.#tables);
  }

  /** Opens (or creates) the store in directory `path`; refolds a view of another version. */
  static async open(path: string): Promise<LmdbStore> {
    const store = new LmdbStore(path);
    if (store.#tables.meta.get(VIEW) !== VIEW_VERSION) await store.#write(() => store.#refold());
    return store;
  }

  async close(): Promise<void> {
    await this.#env.close();
  }

  /** Runs `task` in one write transaction and resolves once it is on disk. */
  async #write<T>(task: () => T): Promise<T> {
    const result = this.#env.transactionSync(task);
    await this.#env.flushed;
    return result;
  }

  #lookup = (t: number, device: string): LogRecord | undefined => {
    const own = this.#own.get(t);
    if (own !== undefined) {
      const record = recordOf(own);
      if (record.device === device) return record;
    }
    const replicated = this.#replica.get([t, device]);
    return replicated === undefined ? undefined : recordOf(replicated);
  };

  /** Folds every record into fresh view tables (after relabelling, or a new view version). */
  #refold(): void {
    const { slots, totals, config, renames, meta } = this.#tables;
    for (const table of [slots, totals, config, renames]) table.clearSync();
    // View 1's table of every answer, now kept in the slots.
    this.#env.openDB({ name: 'candidates' }).clearSync();
    meta.removeSync(ANSWERED);
    this.#chain = loadRenames(this.#tables);
    const writer = new ViewWriter(this.#tables, this.#chain, this.#lookup, false);
    for (const { value } of this.#own.getRange()) writer.add(recordOf(value));
    for (const { value } of this.#replica.getRange()) writer.add(recordOf(value));
    recountTotals(this.#tables, this.#chain, this.#lookup);
    meta.putSync(VIEW, VIEW_VERSION);
  }

  // ClientStore: the own log.

  async ownRecords(): Promise<LogRecord[]> {
    return [...this.#own.getRange().map(({ value }) => recordOf(value))];
  }

  async lastOwnTime(): Promise<number | undefined> {
    for (const key of this.#own.getKeys({ reverse: true, limit: 1 })) return key;
    return undefined;
  }

  async appendOwn(records: readonly LogRecord[], json?: readonly string[]): Promise<void> {
    if (records.length === 0) return;
    await this.#write(() => {
      let last = Number.NEGATIVE_INFINITY;
      for (const key of this.#own.getKeys({ reverse: true, limit: 1 })) last = key;
      for (const record of records) {
        if (record.t <= last) {
          throw new RangeError(`own log must grow in t: ${record.t} is not after ${last}`);
        }
        last = record.t;
      }
      const writer = new ViewWriter(this.#tables, this.#chain, this.#lookup);
      records.forEach((record, i) => {
        // After the last t (checked above), so always an append.
        if (!putIf(this.#own, record.t, json?.[i] ?? record, APPEND)) {
          throw new Error(`the own log refused ${record.t} after its last record`);
        }
        writer.add(record);
      });
      writer.finish();
    });
  }

  #after(): number | undefined {
    const acked = this.#tables.meta.get(ACKED) as number | undefined;
    return acked === undefined ? undefined : acked + 1;
  }

  async unacked(limit: number): Promise<LogRecord[]> {
    return [
      ...this.#own.getRange({ start: this.#after(), limit }).map(({ value }) => recordOf(value)),
    ];
  }

  async unackedJson(limit: number): Promise<{ records: LogRecord[]; json: string[] }> {
    const records: LogRecord[] = [];
    const json: string[] = [];
    for (const { value } of this.#own.getRange({ start: this.#after(), limit })) {
      records.push(recordOf(value));
      json.push(jsonOf(value));
    }
    return { records, json };
  }

  async unackedCount(): Promise<number> {
    return this.#own.getCount({ start: this.#after() });
  }

  /**
   * The unacknowledged own records by what they are: answers (ping records), diagnostics (the
   * device's errors and events) and the rest (tag metadata, config, commands). A walk over the
   * unsynced tail only.
   */
  unackedByKind(): UnsyncedCounts {
    const counts: UnsyncedCounts = { answers: 0, diagnostics: 0, other: 0 };
    for (const { value } of this.#own.getRange({ start: this.#after() })) {
      // Read off the JSON without parsing it (status walks the whole unsynced tail).
      const kind = typeof value === 'string' ? kindOfCanonicalRecord(value) : recordOf(value).kind;
      if (kind === 'ping') counts.answers++;
      else if (kind === 'error' || kind === 'event') counts.diagnostics++;
      else counts.other++;
    }
    return counts;
  }

  async acked(): Promise<number | undefined> {
    return this.#tables.meta.get(ACKED) as number | undefined;
  }

  async setAcked(t: number): Promise<void> {
    const current = await this.acked();
    if (current !== undefined && t <= current) return;
    await this.#write(() => this.#tables.meta.putSync(ACKED, t));
  }

  async relabelOwn(device: string): Promise<number> {
    if ((await this.acked()) !== undefined) {
      throw new Error('cannot relabel the own log: the server already stored some of it');
    }
    return this.#write(() => {
      let n = 0;
      for (const { value } of this.#own.getRange()) {
        const record = recordOf(value);
        this.#own.putSync(record.t, canonicalJson({ ...record, device } as LogRecord));
        n++;
      }
      // The view names records by id, and the ids changed.
      this.#refold();
      return n;
    });
  }

  // ClientStore: the replica.

  async cursor(): Promise<Cursor> {
    return { ...((this.#tables.meta.get(CURSOR) as Cursor | undefined) ?? {}) };
  }

  async putReplica(
    records: readonly LogRecord[],
    cursor: Cursor,
    json?: readonly string[],
  ): Promise<void> {
    await this.#write(() => {
      const writer = new ViewWriter(this.#tables, this.#chain, this.#lookup);
      records.forEach((record, i) => {
        // A record stored before (a page fetched again after a crash) is kept, not folded twice:
        // a key that is not after the last one is put only if it is not there yet.
        const key: [number, string] = [record.t, record.device];
        const value = json?.[i] ?? record;
        const fresh =
          putIf(this.#replica, key, value, APPEND) ||
          putIf(this.#replica, key, value, NO_OVERWRITE);
        if (fresh) writer.add(record);
      });
      writer.finish();
      // In the same transaction: the cursor is never stored ahead of its records.
      this.#tables.meta.putSync(CURSOR, { ...cursor });
    });
  }

  async replicaRecords(): Promise<LogRecord[]> {
    return [...this.#replica.getRange().map(({ value }) => recordOf(value))];
  }

  /** Brings in a whole store's contents (a migration) into this empty store, in one transaction. */
  async importContents(contents: StoreContents, marker: string): Promise<void> {
    await this.#write(() => {
      if (this.#own.getCount({ limit: 1 }) > 0 || this.#replica.getCount({ limit: 1 }) > 0) {
        throw new Error('the store to migrate into is not empty');
      }
      for (const record of contents.own) this.#own.putSync(record.t, record);
      for (const r of contents.replica) this.#replica.putSync([r.t, r.device], r);
      const { meta } = this.#tables;
      if (contents.acked !== undefined) meta.putSync(ACKED, contents.acked);
      meta.putSync(CURSOR, { ...contents.cursor });
      for (const [key, value] of Object.entries(contents.settings)) {
        meta.putSync(setting(key), value);
      }
      meta.putSync('migrated-from', marker);
      this.#refold();
    });
  }

  /** The marker `importContents` left, if this store came from a migration. */
  migratedFrom(): string | undefined {
    return this.#tables.meta.get('migrated-from') as string | undefined;
  }

  // The folded view.

  /** The answer shown for one ping time. */
  answer(ping: number): Answer | undefined {
    const slot = this.#tables.slots.get(ping);
    return slot && answerOf(ping, slot, this.#chain, this.#lookup);
  }

  /** Shown answers of pings in `[from, to)`, by ping time (latest first with `reverse`). */
  *answers(range: AnswerRange = {}): Generator<Answer> {
    const { from, to, reverse } = range;
    const entries = reverse
      ? this.#tables.slots.getRange({
          start: to === undefined ? undefined : to - 1,
          end: from === undefined ? undefined : from - 1,
          reverse: true,
        })
      : this.#tables.slots.getRange({ start: from, end: to });
    for (const { key, value } of entries as Iterable<{ key: number; value: Slot }>) {
      const answer = answerOf(key, value, this.#chain, this.#lookup);
      if (answer) yield answer;
    }
  }

  /** Pings with a shown answer, and per tag how many of them carry it (renames applied). */
  tagTotals(): { pings: number; tags: Map<string, number> } {
    const tags = new Map<string, number>();
    for (const { key, value } of this.#tables.totals.getRange()) tags.set(key, value);
    return { pings: (this.#tables.meta.get(ANSWERED) as number | undefined) ?? 0, tags };
  }

  /** The latest value of a config key. */
  configValue(key: string): JsonValue | undefined {
    return (this.#tables.config.get(key) as ConfigEntry | undefined)?.value;
  }

  /** The user's schedule: the `schedule` config if it names one, else the universal one. */
  schedule(): Schedule {
    const name = this.configValue('schedule');
    const known = (SCHEDULE_NAMES as readonly unknown[]).includes(name);
    return scheduleNamed(known ? (name as ScheduleName) : 'universal');
  }

  /** Error and event records entered in `[fromT, toT)` ms, in merged order. */
  diagnostics(fromT: number, toT?: number): LogRecord[] {
    const pick = (r: LogRecord) => r.kind === 'error' || r.kind === 'event';
    const own = this.#own.getRange({ start: fromT, end: toT }).map(({ value }) => recordOf(value));
    const replica = this.#replica
      .getRange({ start: [fromT], end: toT === undefined ? undefined : [toT] })
      .map(({ value }) => recordOf(value));
    return [...own, ...replica].filter(pick).sort(compareRecords);
  }

  /** A value the CLI keeps next to the log (last ping asked about, device names). */
  async getSetting(key: string): Promise<string | undefined> {
    return this.#tables.meta.get(setting(key)) as string | undefined;
  }

  async setSetting(key: string, value: string): Promise<void> {
    await this.#write(() => this.#tables.meta.putSync(setting(key), value));
  }
}
