import type { ClientStore } from '@tagtime/client';
import {
  type Cursor,
  compareRecords,
  type LogRecord,
  type LogViewState,
  type TagSnapshot,
} from '@tagtime/log';
import type { Schedule } from '@tagtime/ping';
import { ChunkedLog, PREFIX } from './chunked-log.js';
import { type LogPosition, SideView, type StoredLogs } from './side-view.js';

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
  /** The own log's generation, for the kept view (see `SideView`). */
  gen: number;
  ownChunks: number;
  /** Records in the own log's chunks before the last (absent: written by an older version). */
  ownSealed?: number;
  replicaChunks: number;
  replicaSealed?: number;
  /** Per device, the `t` of its last replicated record, so a page fetched again is told apart. */
  replicaHeads?: Record<string, number>;
}

export interface SideStoreOptions {
  /** The phone's clock (unix ms), for the kept tag scores; default `Date.now`. */
  now?: () => number;
}

/**
 * The side service's `ClientStore`: the watch's own log (as the server knows it, under the paired
 * device id) and the replica of the user's other logs, in the phone's settings storage in the
 * compact encoding. Chunks are written before the metadata that counts them, so a crash at worst
 * leaves an uncounted chunk that the next append overwrites; the cursor is saved with the meta,
 * after the replica records it covers. The kept view is written after both and names the
 * position it covers; opening applies what was stored after it (see `SideView`).
 *
 * Opening reads the metadata, the last chunk of each log and the view's summary: what a sync
 * costs does not grow with the history. Older records are decoded only when asked for.
 */
export class SideStore implements ClientStore {
  #storage: StringStorage;
  #meta: Meta;
  #ownLog: ChunkedLog;
  #replicaLog: ChunkedLog;
  #replicaHeads: Map<string, number>;
  #view: SideView;

  constructor(storage: StringStorage, options: SideStoreOptions = {}) {
    this.#storage = storage;
    this.#meta = readMeta(storage.getItem(`${PREFIX}meta`));
    this.#ownLog = new ChunkedLog(storage, 'own', this.#meta.ownChunks);
    this.#replicaLog = new ChunkedLog(storage, 'replica', this.#meta.replicaChunks);
    this.#ownLog.open(this.#meta.ownSealed);
    this.#replicaLog.open(this.#meta.replicaSealed);
    this.#replicaHeads = new Map(Object.entries(this.#meta.replicaHeads ?? {}));
    // The last chunk may hold records the meta was not saved after; an older meta has no heads.
    const uncounted = this.#meta.replicaHeads ? this.#replicaTail() : this.#replicaLog.all();
    for (const record of uncounted) this.#noteReplica(record);
    this.#view = new SideView(storage, options.now ?? Date.now);
    this.#view.open(this.#logs());
  }

  #replicaTail(): LogRecord[] {
    return this.#replicaLog.from(this.#replicaLog.sealed);
  }

  #noteReplica(record: LogRecord): void {
    const head = this.#replicaHeads.get(record.device);
    if (head === undefined || record.t > head) this.#replicaHeads.set(record.device, record.t);
  }

  #position(): LogPosition {
    return { gen: this.#meta.gen, own: this.#ownLog.count, replica: this.#replicaLog.count };
  }

  /** The stored records as the kept view reads them. */
  #logs(): StoredLogs {
    return {
      position: () => this.#position(),
      after: (at) => [...this.#ownLog.from(at.own), ...this.#replicaLog.from(at.replica)],
      all: () => [...this.#ownLog.all(), ...this.#replicaLog.all()],
    };
  }

  /**
   * Rewrites the own log. The generation is saved first, so a crash halfway leaves a view of the
   * old generation, which opening refolds.
   */
  #rewriteOwn(records: LogRecord[]): void {
    this.#meta.gen++;
    this.#saveMeta();
    this.#ownLog.rewrite(records);
    this.#saveMeta();
    this.#view.rebuild(this.#logs());
  }

  /** Forgets everything (unpairing, or pairing as another device). */
  reset(): void {
    this.#ownLog.rewrite([]);
    this.#replicaLog.rewrite([]);
    this.#replicaHeads.clear();
    const gen = this.#meta.gen + 1;
    this.#meta = { v: 1, acked: null, cursor: {}, gen, ownChunks: 0, replicaChunks: 0 };
    this.#saveMeta();
    this.#view.rebuild(this.#logs());
  }

  #saveMeta(): void {
    this.#meta.ownChunks = this.#ownLog.chunks;
    this.#meta.ownSealed = this.#ownLog.sealed;
    this.#meta.replicaChunks = this.#replicaLog.chunks;
    this.#meta.replicaSealed = this.#replicaLog.sealed;
    this.#meta.replicaHeads = Object.fromEntries(this.#replicaHeads);
    this.#storage.setItem(`${PREFIX}meta`, JSON.stringify(this.#meta));
  }

  async ownRecords(): Promise<LogRecord[]> {
    return this.#ownLog.all();
  }

  async lastOwnTime(): Promise<number | undefined> {
    return this.#ownLog.last?.t;
  }

  /** Whether an own record with this `t` is stored already (a page the watch sent again). */
  ownAt(t: number): LogRecord | undefined {
    for (const record of this.#ownLog.backward()) {
      if (record.t === t) return record;
      if (record.t < t) return undefined;
    }
    return undefined;
  }

  #checkGrowing(records: readonly LogRecord[]): void {
    let last = this.#ownLog.last?.t ?? Number.NEGATIVE_INFINITY;
    for (const record of records) {
      if (record.t <= last) {
        throw new RangeError(`own log must grow in t: ${record.t} is not after ${last}`);
      }
      last = record.t;
    }
  }

  async appendOwn(records: readonly LogRecord[]): Promise<void> {
    this.#checkGrowing(records);
    this.#ownLog.append(records);
    this.#saveMeta();
    this.#view.apply(records, this.#position());
  }

  /**
   * Appends own records the server has just stored and moves the acknowledged point to the last
   * of them, in one metadata write: the relay keeps only what the server accepted.
   */
  appendAcked(records: readonly LogRecord[]): void {
    const last = records[records.length - 1];
    if (!last) return;
    this.#checkGrowing(records);
    this.#ownLog.append(records);
    if (this.#meta.acked === null || last.t > this.#meta.acked) this.#meta.acked = last.t;
    this.#saveMeta();
    this.#view.apply(records, this.#position());
  }

  /**
   * Forgets own records the server has not acknowledged. An earlier version stored the watch's
   * records here before sending them, so one the server refused stayed first in line for ever;
   * the watch still holds every unacknowledged record and sends it again.
   */
  dropUnacked(): number {
    const dropped = this.#pending().length;
    if (dropped === 0) return 0;
    const own = this.#ownLog.all();
    this.#rewriteOwn(own.slice(0, own.length - dropped));
    return dropped;
  }

  async unacked(limit: number): Promise<LogRecord[]> {
    return this.#pending().slice(0, limit);
  }

  async unackedCount(): Promise<number> {
    return this.#pending().length;
  }

  /** The own records after the acknowledged point, read back from the newest. */
  #pending(): LogRecord[] {
    const acked = this.#meta.acked;
    const pending: LogRecord[] = [];
    for (const record of this.#ownLog.backward()) {
      if (acked !== null && record.t <= acked) break;
      pending.push(record);
    }
    return pending.reverse();
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
    const own = this.#ownLog.all().map((record) => ({ ...record, device }) as LogRecord);
    this.#rewriteOwn(own);
    return own.length;
  }

  async cursor(): Promise<Cursor> {
    return { ...this.#meta.cursor };
  }

  /**
   * Each log's records come in its own order (the server serves them so, after the cursor), so a
   * record at or before its device's last stored one is a page fetched again.
   */
  async putReplica(records: readonly LogRecord[], cursor: Cursor): Promise<void> {
    const fresh: LogRecord[] = [];
    const seen = new Set<string>();
    for (const record of records) {
      const head = this.#replicaHeads.get(record.device);
      const id = `${record.device}:${record.t}`;
      if ((head !== undefined && record.t <= head) || seen.has(id)) continue;
      seen.add(id);
      fresh.push(record);
    }
    for (const record of fresh) this.#noteReplica(record);
    // The compact encoding wants ascending times per chunk only as deltas: any order encodes.
    this.#replicaLog.append(fresh);
    this.#meta.cursor = { ...cursor };
    this.#saveMeta();
    if (fresh.length > 0) this.#view.apply(fresh, this.#position());
  }

  async replicaRecords(): Promise<LogRecord[]> {
    return this.#replicaLog.all().sort(compareRecords);
  }

  /** The whole kept view (a read of every part of it: for a full view, not for a sync). */
  async viewState(): Promise<LogViewState> {
    return this.#view.state();
  }

  /** The watch's tag list at `asOf` (unix seconds), from the kept scores. */
  tagSnapshot(asOf: number): TagSnapshot {
    return this.#view.tagSnapshot(asOf);
  }

  /** The user's schedule, from the kept configuration. */
  schedule(): Schedule {
    return this.#view.schedule();
  }
}

function readMeta(text: string | null | undefined): Meta {
  const empty: Meta = { v: 1, acked: null, cursor: {}, gen: 0, ownChunks: 0, replicaChunks: 0 };
  if (!text) return empty;
  try {
    const value = JSON.parse(text) as Partial<Meta>;
    const count = (n: unknown) => (Number.isInteger(n) ? (n as number) : undefined);
    const heads = value.replicaHeads;
    return {
      v: 1,
      acked: typeof value.acked === 'number' ? value.acked : null,
      cursor: typeof value.cursor === 'object' && value.cursor !== null ? value.cursor : {},
      gen: count(value.gen) ?? 0,
      ownChunks: Number(value.ownChunks) || 0,
      ownSealed: count(value.ownSealed),
      replicaChunks: Number(value.replicaChunks) || 0,
      replicaSealed: count(value.replicaSealed),
      ...(typeof heads === 'object' && heads !== null ? { replicaHeads: heads } : {}),
    };
  } catch {
    return empty;
  }
}
