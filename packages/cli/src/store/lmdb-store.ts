import type { ClientStore } from '@tagtime/client';
import {
  type Answer,
  type Cursor,
  canonicalJson,
  compareRecords,
  kindOfCanonicalRecord,
  type LogRecord,
  type LogViewState,
  type TagStatistics,
  type TagStatisticsOptions,
  tagStatistics,
} from '@tagtime/log/core';
import type { Schedule } from '@tagtime/ping';
import { type Database, type Key, open, type RootDatabase } from 'lmdb';
import { type AnswerRange, KeptView, type Progress } from './kept-view.js';
import { APPEND, NO_OVERWRITE, putIf } from './lmdb-put.js';
import { jsonOf, recordOf, type StoredRecord } from './stored-record.js';
import { holdsHeads, ownDevice, type RecordTables, recordsAfter } from './view-take.js';

/**
 * Bumped when the kept view's layout changes: a store with another one is refolded once.
 * 5: as 4, with the ping slots a UTC day to an entry (`['pings', day]`, see KeptView).
 * 4: @tagtime/log's LogView state as entries of the `view` table, each a plain msgpack map. 3
 * was the same as msgpackr records; a CLI of layout 3 reads plain maps as empty objects, so it
 * must refold rather than read them. 1 and 2 were the CLI's own fold (`slots`, `totals`,
 * `config`, `renames`, and 1's `candidates`), dropped on the refold.
 */
const VIEW_VERSION = 5;
/**
 * The view table's encoding: plain maps, not msgpackr's records, which carry their structure in
 * every value here (no shared structures) and cost a structure reader per value read; without
 * them 100,000 ping slots are written about twice and read about three times as fast.
 */
const VIEW_ENCODING = { encoder: { useRecords: false } };
const OLD_VIEW_TABLES = ['slots', 'totals', 'config', 'renames', 'candidates'];

const ACKED = 'acked';
const CURSOR = 'cursor';
const VIEW = 'view:version';
/** Set while the view lags records a first sync stored unfolded (`putReplicaUnfolded`). */
const LAGS = 'view:lags';
/** Layout 2's count of answered pings, in the meta table. */
const OLD_ANSWERED = 'view:answered';
const setting = (key: string) => `setting:${key}`;

export interface LmdbStoreOptions {
  /** Told how far a refold of the whole log has come (a store of an older layout, a relabel). */
  onRefold?: Progress;
}

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
 * user's view (`LogView`'s state as entries, see `KeptView`), all updated in one transaction per
 * write. Opening maps the file and reads two keys, so every command costs what it reads, not
 * what the log holds (NeDB, the first choice, loads the whole file into memory on open).
 *
 * Durability: a write resolves only once its transaction is flushed to disk (`env.flushed`;
 * lmdb-js's default overlapping sync makes the commit visible before the fsync).
 *
 * A first sync stores its pages unfolded and then takes the server's view (`takeView`); until
 * then the view lags, and a store opened while it does (a sync cut short) folds its records
 * again. Reads in between (a `tagtime run` whose first sync failed) show the view before it.
 */
export class LmdbStore implements ClientStore {
  readonly #env: RootDatabase;
  readonly #own: Database<StoredRecord, number>;
  readonly #replica: Database<StoredRecord, [number, string]>;
  /** The acknowledged point, the pull cursor, settings and the view's layout version. */
  readonly #meta: Database<unknown, string>;
  readonly #view: KeptView;
  readonly #options: LmdbStoreOptions;

  private constructor(path: string, options: LmdbStoreOptions) {
    // noSubdir: false: the path is a directory whatever its name (`~/.tagtime/store`).
    this.#env = open({ path, maxDbs: 10, noSubdir: false });
    this.#own = this.#env.openDB({ name: 'own' });
    this.#replica = this.#env.openDB({ name: 'replica' });
    this.#meta = this.#env.openDB({ name: 'meta' });
    this.#view = new KeptView(this.#env.openDB<unknown, Key>({ name: 'view', ...VIEW_ENCODING }));
    this.#options = options;
  }

  /**
   * Opens (or creates) the store in directory `path`; refolds a view of another layout or
   * another `LogView` state version, once.
   */
  static async open(path: string, options: LmdbStoreOptions = {}): Promise<LmdbStore> {
    const store = new LmdbStore(path, options);
    if (store.#meta.get(VIEW) !== VIEW_VERSION || !store.#view.isCurrent() || store.#lags()) {
      await store.#write(() => store.#refold());
    }
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

  /**
   * Folds every record into a fresh view (a new layout, relabelled ids, a migration), inside a
   * write transaction. The own log, then the replica: each device's records in their order.
   */
  #refold(): void {
    for (const name of OLD_VIEW_TABLES) this.#env.openDB({ name }).dropSync();
    this.#meta.removeSync(OLD_ANSWERED);
    const tables = [this.#own, this.#replica] as Database<StoredRecord, Key>[];
    function* records(): Generator<LogRecord> {
      for (const table of tables) for (const { value } of table.getRange()) yield recordOf(value);
    }
    const total = tables.reduce((n, table) => n + table.getCount(), 0);
    this.#view.refold(records(), total, this.#options.onRefold);
    this.#meta.putSync(VIEW, VIEW_VERSION);
    this.#meta.removeSync(LAGS);
  }

  #lags(): boolean {
    return this.#meta.get(LAGS) === true;
  }

  get #tables(): RecordTables {
    return { own: this.#own, replica: this.#replica };
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
      records.forEach((record, i) => {
        // After the last t (checked above), so always an append.
        if (!putIf(this.#own, record.t, json?.[i] ?? record, APPEND)) {
          throw new Error(`the own log refused ${record.t} after its last record`);
        }
      });
      // While the view lags, taking it folds these in (they are after its heads).
      if (!this.#lags()) this.#view.fold(records);
    });
  }

  #after(): number | undefined {
    const acked = this.#meta.get(ACKED) as number | undefined;
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
    return this.#meta.get(ACKED) as number | undefined;
  }

  async setAcked(t: number): Promise<void> {
    const current = await this.acked();
    if (current !== undefined && t <= current) return;
    await this.#write(() => this.#meta.putSync(ACKED, t));
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
    return { ...((this.#meta.get(CURSOR) as Cursor | undefined) ?? {}) };
  }

  async putReplica(
    records: readonly LogRecord[],
    cursor: Cursor,
    json?: readonly string[],
  ): Promise<void> {
    await this.#write(() => {
      const fresh = this.#putReplicaRecords(records, json);
      if (!this.#lags()) this.#view.fold(fresh);
      // In the same transaction: the cursor is never stored ahead of its records.
      this.#meta.putSync(CURSOR, { ...cursor });
    });
  }

  /** The records stored that were not there yet, in a write transaction. */
  #putReplicaRecords(records: readonly LogRecord[], json?: readonly string[]): LogRecord[] {
    // A record stored before (a page fetched again after a crash) is kept, not folded twice:
    // a key that is not after the last one is put only if it is not there yet.
    return records.filter((record, i) => {
      const key: [number, string] = [record.t, record.device];
      const value = json?.[i] ?? record;
      return (
        putIf(this.#replica, key, value, APPEND) || putIf(this.#replica, key, value, NO_OVERWRITE)
      );
    });
  }

  /**
   * `putReplica` for a first sync: the view lags these records until `takeView`. Resolves once
   * committed, before the flush to disk: what a crash takes of a pull's pages it takes with
   * their cursor, so they are fetched again, and `takeView` waits for every flush before it.
   */
  async putReplicaUnfolded(
    records: readonly LogRecord[],
    cursor: Cursor,
    json?: readonly string[],
  ): Promise<void> {
    this.#env.transactionSync(() => {
      this.#putReplicaRecords(records, json);
      this.#meta.putSync(LAGS, true);
      this.#meta.putSync(CURSOR, { ...cursor });
    });
  }

  async viewLags(): Promise<boolean> {
    return this.#lags();
  }

  /**
   * Ends the lag: takes `state` (the server's view, days in UTC as this one counts them) if the
   * store holds every record it was folded from, and folds in the records held after its heads;
   * otherwise (no state, or one ahead of the records) folds every record. One transaction, so
   * the view and the records never part.
   */
  async takeView(state: LogViewState | undefined): Promise<boolean> {
    return this.#write(() => {
      const own = ownDevice(this.#tables);
      if (state?.timeZone !== 'UTC' || !holdsHeads(this.#tables, state, own)) {
        this.#refold();
        return false;
      }
      this.#view.replace(state);
      const cursor = (this.#meta.get(CURSOR) as Cursor | undefined) ?? {};
      this.#view.fold([...recordsAfter(this.#tables, state.heads, cursor, own)]);
      this.#meta.removeSync(LAGS);
      return true;
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
      const meta = this.#meta;
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
    return this.#meta.get('migrated-from') as string | undefined;
  }

  /** The `LogView` state of every record held (days in UTC): a walk over the kept entries. */
  async viewState(): Promise<LogViewState> {
    // The whole state is asked for as the fold of the records; a lagging one is brought up first.
    if (this.#lags()) await this.#write(() => this.#refold());
    const state = this.#view.state();
    if (!state) throw new Error('the store keeps no view of this version; open it again');
    return state;
  }

  // What commands read of the view: each resumes `LogView` from the entries it shows.

  /** The answer shown for one ping time. */
  answer(ping: number): Answer | undefined {
    return this.#view.answer(ping);
  }

  /** Shown answers of pings in `[from, to)`, by ping time (latest first with `reverse`). */
  answers(range: AnswerRange = {}): Generator<Answer> {
    return this.#view.answers(range);
  }

  /** The user's schedule: the `schedule` config if it names one, else the universal one. */
  schedule(): Schedule {
    return this.#view.schedule();
  }

  /**
   * Per-tag counts and time estimates of the answers in `[from, to)` (all by default), as
   * `LogView.stats` counts them: a walk over those answers.
   */
  stats(options: TagStatisticsOptions = {}): TagStatistics {
    const { from, to } = options;
    return tagStatistics(this.answers({ from, to }), { gap: this.schedule().gap, ...options });
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
    return this.#meta.get(setting(key)) as string | undefined;
  }

  async setSetting(key: string, value: string): Promise<void> {
    await this.#write(() => this.#meta.putSync(setting(key), value));
  }
}
