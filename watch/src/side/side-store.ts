import type { ClientStore } from '@tagtime/client';
import { type Cursor, compareRecords, type LogRecord } from '@tagtime/log';
import { CompactEncoder, decodeCompactLog, encodeCompactLog } from '@tagtime/log/compact';
import { fromBase64, toBase64 } from '../core/base64.js';

/** The phone's string key-value storage (`settings.settingsStorage`) as a port. */
export interface StringStorage {
  getItem(key: string): string | null | undefined;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** Records go into chunks of about this many bytes, so an append rewrites one small value. */
const CHUNK_BYTES = 16 * 1024;
const PREFIX = 'tt.store.';

interface Meta {
  v: 1;
  acked: number | null;
  cursor: Cursor;
  ownChunks: number;
  replicaChunks: number;
}

/** One log kept as base64 chunks, each a standalone compact log; only the last one grows. */
class ChunkedLog {
  #encoder = new CompactEncoder();
  #tail: Uint8Array = new Uint8Array(0);

  constructor(
    private readonly storage: StringStorage,
    private readonly name: string,
    public chunks: number,
  ) {}

  key(i: number): string {
    return `${PREFIX}${this.name}.${i}`;
  }

  /** Every record of every chunk; rebuilds the tail chunk's encoder. */
  load(): LogRecord[] {
    const records: LogRecord[] = [];
    for (let i = 0; i < this.chunks; i++) {
      const text = this.storage.getItem(this.key(i));
      if (!text) throw new Error(`the phone's copy of the ${this.name} log lost chunk ${i}`);
      const bytes = fromBase64(text);
      const decoded = decodeCompactLog(bytes);
      records.push(...decoded.records);
      if (i === this.chunks - 1) {
        this.#tail = bytes;
        this.#encoder = new CompactEncoder();
        for (const record of decoded.records) this.#encoder.encode(record);
      }
    }
    return records;
  }

  /** Appends to the tail chunk (or starts a new one); returns the new chunk count to record. */
  append(records: readonly LogRecord[]): void {
    if (records.length === 0) return;
    if (this.chunks === 0 || this.#tail.length > CHUNK_BYTES) {
      this.chunks++;
      this.#tail = new Uint8Array(0);
      this.#encoder = new CompactEncoder();
    }
    const parts = records.map((r) => this.#encoder.encode(r));
    const size = parts.reduce((n, p) => n + p.length, this.#tail.length);
    const next = new Uint8Array(size);
    next.set(this.#tail);
    let offset = this.#tail.length;
    for (const part of parts) {
      next.set(part, offset);
      offset += part.length;
    }
    this.storage.setItem(this.key(this.chunks - 1), toBase64(next));
    this.#tail = next;
  }

  /** Replaces the whole log (relabel, reset). */
  rewrite(records: readonly LogRecord[]): void {
    for (let i = 0; i < this.chunks; i++) this.storage.removeItem(this.key(i));
    this.chunks = 0;
    this.#tail = new Uint8Array(0);
    this.#encoder = new CompactEncoder();
    if (records.length > 0) {
      this.chunks = 1;
      this.#tail = encodeCompactLog(records);
      this.storage.setItem(this.key(0), toBase64(this.#tail));
      for (const record of records) this.#encoder.encode(record);
    }
  }
}

/**
 * The side service's `ClientStore`: the watch's own log (as the server knows it, under the paired
 * device id) and the replica of the user's other logs, in the phone's settings storage in the
 * compact encoding. Chunks are written before the metadata that counts them, so a crash at worst
 * leaves an uncounted chunk that the next append overwrites; the cursor is saved with the meta,
 * after the replica records it covers.
 */
export class SideStore implements ClientStore {
  #storage: StringStorage;
  #meta: Meta;
  #own: LogRecord[];
  #ownLog: ChunkedLog;
  #replica = new Map<string, LogRecord>();
  #replicaLog: ChunkedLog;

  constructor(storage: StringStorage) {
    this.#storage = storage;
    this.#meta = readMeta(storage.getItem(`${PREFIX}meta`));
    this.#ownLog = new ChunkedLog(storage, 'own', this.#meta.ownChunks);
    this.#replicaLog = new ChunkedLog(storage, 'replica', this.#meta.replicaChunks);
    this.#own = this.#ownLog.load();
    for (const record of this.#replicaLog.load()) this.#replica.set(idOf(record), record);
  }

  /** Forgets everything (unpairing, or pairing as another device). */
  reset(): void {
    this.#ownLog.rewrite([]);
    this.#replicaLog.rewrite([]);
    this.#own = [];
    this.#replica.clear();
    this.#meta = { v: 1, acked: null, cursor: {}, ownChunks: 0, replicaChunks: 0 };
    this.#saveMeta();
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
    this.#own = keep;
    this.#ownLog.rewrite(keep);
    this.#saveMeta();
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
    this.#own = this.#own.map((record) => ({ ...record, device }) as LogRecord);
    this.#ownLog.rewrite(this.#own);
    this.#saveMeta();
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
    this.#meta.cursor = { ...cursor };
    this.#saveMeta();
  }

  async replicaRecords(): Promise<LogRecord[]> {
    return [...this.#replica.values()].sort(compareRecords);
  }
}

function idOf(record: LogRecord): string {
  return `${record.device}:${record.t}`;
}

function readMeta(text: string | null | undefined): Meta {
  const empty: Meta = { v: 1, acked: null, cursor: {}, ownChunks: 0, replicaChunks: 0 };
  if (!text) return empty;
  try {
    const value = JSON.parse(text) as Partial<Meta>;
    return {
      v: 1,
      acked: typeof value.acked === 'number' ? value.acked : null,
      cursor: typeof value.cursor === 'object' && value.cursor !== null ? value.cursor : {},
      ownChunks: Number(value.ownChunks) || 0,
      replicaChunks: Number(value.replicaChunks) || 0,
    };
  } catch {
    return empty;
  }
}
