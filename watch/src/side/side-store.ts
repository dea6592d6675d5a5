import type { ClientStore } from '@tagtime/client';
import { type Cursor, compareRecords, type LogRecord, type LogViewState } from '@tagtime/log';
import { ChunkedLog, PREFIX } from './chunked-log.js';
import { type LogPosition, SideView } from './side-view.js';

/** The phone's string key-value storage (`settings.settingsStorage`) as a port. */
export interface StringStorage {
  getItem(key: string): string | null | undefined;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

interface Meta {
  v: 1;
  acked: number | null;
  cursor: Cursor;
  /** The own log's generation, for the view's checkpoint (see `SideView`). */
  gen: number;
  ownChunks: number;
  replicaChunks: number;
}

export interface SideStoreOptions {
  /** Records stored between two checkpoints of the kept view (default `CHECKPOINT_RECORDS`). */
  checkpointEvery?: number;
}

/**
 * The side service's `ClientStore`: the watch's own log (as the server knows it, under the paired
 * device id) and the replica of the user's other logs, in the phone's settings storage in the
 * compact encoding. Chunks are written before the metadata that counts them, so a crash at worst
 * leaves an uncounted chunk that the next append overwrites; the cursor is saved with the meta,
 * after the replica records it covers. The kept view is a checkpoint written after both, which
 * names what it covers; opening applies what was stored after it (see `SideView`).
 */
export class SideStore implements ClientStore {
  #storage: StringStorage;
  #meta: Meta;
  #own: LogRecord[];
  #ownLog: ChunkedLog;
  #replica = new Map<string, LogRecord>();
  #replicaLog: ChunkedLog;
  /** Replica records in the storage, in the order they were stored. */
  #replicaStored = 0;
  #view: SideView;

  constructor(storage: StringStorage, options: SideStoreOptions = {}) {
    this.#storage = storage;
    this.#meta = readMeta(storage.getItem(`${PREFIX}meta`));
    this.#ownLog = new ChunkedLog(storage, 'own', this.#meta.ownChunks);
    this.#replicaLog = new ChunkedLog(storage, 'replica', this.#meta.replicaChunks);
    this.#own = this.#ownLog.load();
    const replica = this.#replicaLog.load();
    for (const record of replica) this.#replica.set(idOf(record), record);
    this.#replicaStored = replica.length;
    this.#view = new SideView(storage, options.checkpointEvery);
    this.#view.open(this.#meta.gen, this.#own, replica);
  }

  #position(): LogPosition {
    return { gen: this.#meta.gen, own: this.#own.length, replica: this.#replicaStored };
  }

  /** Records just stored (and counted by the meta): into the view, and maybe its checkpoint. */
  #viewApply(records: readonly LogRecord[]): void {
    this.#view.apply(records);
    this.#view.save(this.#position());
  }

  /**
   * Rewrites the own log. The generation is saved first, so a crash halfway leaves a checkpoint
   * of the old generation, which opening ignores.
   */
  #rewriteOwn(records: LogRecord[]): void {
    this.#meta.gen++;
    this.#saveMeta();
    this.#own = records;
    this.#ownLog.rewrite(records);
    this.#saveMeta();
    this.#view.fold(this.#own, [...this.#replica.values()]);
    this.#view.save(this.#position());
  }

  /** Forgets everything (unpairing, or pairing as another device). */
  reset(): void {
    this.#ownLog.rewrite([]);
    this.#replicaLog.rewrite([]);
    this.#own = [];
    this.#replica.clear();
    this.#replicaStored = 0;
    const gen = this.#meta.gen + 1;
    this.#meta = { v: 1, acked: null, cursor: {}, gen, ownChunks: 0, replicaChunks: 0 };
    this.#saveMeta();
    this.#view.clear();
  }

  #saveMeta(): void {
    this.#meta.ownChunks = this.#ownLog.chunks;
    this.#meta.replicaChunks = this.#replicaLog.chunks;
    this.#storage.setItem(`${PREFIX}meta`, JSON.stringify(this.#meta));
  }

  async ownRecords(): Promise<LogRecord[]> {
    return [...this.#own];
  }

  async lastOwnTime(): Promise<number | undefined> {
    return this.#own[this.#own.length - 1]?.t;
  }

  /** Whether an own record with this `t` is stored already (a page the watch sent again). */
  ownAt(t: number): LogRecord | undefined {
    for (let i = this.#own.length - 1; i >= 0; i--) {
      const record = this.#own[i] as LogRecord;
      if (record.t === t) return record;
      if (record.t < t) return undefined;
    }
    return undefined;
  }

  async appendOwn(records: readonly LogRecord[]): Promise<void> {
    let last = this.#own[this.#own.length - 1]?.t ?? Number.NEGATIVE_INFINITY;
    for (const record of records) {
      if (record.t <= last) {
        throw new RangeError(`own log must grow in t: ${record.t} is not after ${last}`);
      }
      last = record.t;
    }
    this.#ownLog.append(records);
    this.#own.push(...records);
    this.#saveMeta();
    this.#viewApply(records);
  }

  /**
   * Appends own records the server has just stored and moves the acknowledged point to the last
   * of them, in one metadata write: the relay keeps only what the server accepted.
   */
  appendAcked(records: readonly LogRecord[]): void {
    const last = records[records.length - 1];
    if (!last) return;
    let previous = this.#own[this.#own.length - 1]?.t ?? Number.NEGATIVE_INFINITY;
    for (const record of records) {
      if (record.t <= previous) {
        throw new RangeError(`own log must grow in t: ${record.t} is not after ${previous}`);
      }
      previous = record.t;
    }
    this.#ownLog.append(records);
    this.#own.push(...records);
    if (this.#meta.acked === null || last.t > this.#meta.acked) this.#meta.acked = last.t;
    this.#saveMeta();
    this.#viewApply(records);
  }

  /**
   * Forgets own records the server has not acknowledged. An earlier version stored the watch's
   * records here before sending them, so one the server refused stayed first in line for ever;
   * the watch still holds every unacknowledged record and sends it again.
   */
  dropUnacked(): number {
    const acked = this.#meta.acked;
    const keep = acked === null ? [] : this.#own.filter((r) => r.t <= acked);
    const dropped = this.#own.length - keep.length;
    if (dropped === 0) return 0;
    this.#rewriteOwn(keep);
    return dropped;
  }

  async unacked(limit: number): Promise<LogRecord[]> {
    return this.#pending().slice(0, limit);
  }

  async unackedCount(): Promise<number> {
    return this.#pending().length;
  }

  #pending(): LogRecord[] {
    const acked = this.#meta.acked;
    return acked === null ? [...this.#own] : this.#own.filter((r) => r.t > acked);
  }

  async acked(): Promise<number | undefined> {
    return this.#meta.acked ?? undefined;
  }

  async setAcked(t: number): Promise<void> {
    if (this.#meta.acked === null || t > this.#meta.acked) {
      this.#meta.acked = t;
      this.#saveMeta();
    }
  }

  async relabelOwn(device: string): Promise<number> {
    if (this.#meta.acked !== null) {
      throw new Error('cannot relabel the own log: the server already stored some of it');
    }
    this.#rewriteOwn(this.#own.map((record) => ({ ...record, device }) as LogRecord));
    return this.#own.length;
  }

  async cursor(): Promise<Cursor> {
    return { ...this.#meta.cursor };
  }

  async putReplica(records: readonly LogRecord[], cursor: Cursor): Promise<void> {
    const fresh: LogRecord[] = [];
    for (const record of records) {
      const id = idOf(record);
      if (this.#replica.has(id)) continue;
      this.#replica.set(id, record);
      fresh.push(record);
    }
    // The compact encoding wants ascending times per chunk only as deltas: any order encodes.
    this.#replicaLog.append(fresh);
    this.#replicaStored += fresh.length;
    this.#meta.cursor = { ...cursor };
    this.#saveMeta();
    this.#viewApply(fresh);
  }

  async replicaRecords(): Promise<LogRecord[]> {
    return [...this.#replica.values()].sort(compareRecords);
  }

  async viewState(): Promise<LogViewState> {
    return this.#view.state();
  }
}

function idOf(record: LogRecord): string {
  return `${record.device}:${record.t}`;
}

function readMeta(text: string | null | undefined): Meta {
  const empty: Meta = { v: 1, acked: null, cursor: {}, gen: 0, ownChunks: 0, replicaChunks: 0 };
  if (!text) return empty;
  try {
    const value = JSON.parse(text) as Partial<Meta>;
    return {
      v: 1,
      acked: typeof value.acked === 'number' ? value.acked : null,
      cursor: typeof value.cursor === 'object' && value.cursor !== null ? value.cursor : {},
      gen: Number.isInteger(value.gen) ? (value.gen as number) : 0,
      ownChunks: Number(value.ownChunks) || 0,
      replicaChunks: Number(value.replicaChunks) || 0,
    };
  } catch {
    return empty;
  }
}
