import type { LogRecord } from '@tagtime/log';
import { CompactEncoder, decodeCompactLog, encodeCompactLog } from '@tagtime/log/compact';
import { fromBase64, toBase64 } from '../core/base64.js';
import type { StringStorage } from './side-store.js';

/** Records go into chunks of about this many bytes, so an append rewrites one small value. */
const CHUNK_BYTES = 16 * 1024;
export const PREFIX = 'tt.store.';

/**
 * One log kept as base64 chunks, each a standalone compact log; only the last one grows, and
 * only it is read when the log is opened: the records before it are decoded when asked for
 * (a rewrite, a full read), so opening and appending cost the same at any length.
 */
export class ChunkedLog {
  #encoder = new CompactEncoder();
  #tail: Uint8Array = new Uint8Array(0);
  #tailRecords: LogRecord[] = [];
  /** Records in the chunks before the tail. */
  sealed = 0;

  constructor(
    private readonly storage: StringStorage,
    private readonly name: string,
    public chunks: number,
  ) {}

  key(i: number): string {
    return `${PREFIX}${this.name}.${i}`;
  }

  /** Reads the tail chunk; `sealed` undefined (an older store) counts the chunks before it. */
  open(sealed: number | undefined): void {
    this.#tail = new Uint8Array(0);
    this.#tailRecords = [];
    this.#encoder = new CompactEncoder();
    if (this.chunks > 0) {
      this.#tail = this.#bytes(this.chunks - 1);
      this.#tailRecords = decodeCompactLog(this.#tail).records;
      for (const record of this.#tailRecords) this.#encoder.encode(record);
    }
    this.sealed = sealed ?? this.#countSealed();
  }

  #countSealed(): number {
    let n = 0;
    for (let i = 0; i < this.chunks - 1; i++) n += this.#decode(i).length;
    return n;
  }

  #bytes(i: number): Uint8Array {
    const text = this.storage.getItem(this.key(i));
    if (!text) throw new Error(`the phone's copy of the ${this.name} log lost chunk ${i}`);
    return fromBase64(text);
  }

  #decode(i: number): LogRecord[] {
    return i === this.chunks - 1 ? this.#tailRecords : decodeCompactLog(this.#bytes(i)).records;
  }

  get count(): number {
    return this.sealed + this.#tailRecords.length;
  }

  get last(): LogRecord | undefined {
    return this.#tailRecords[this.#tailRecords.length - 1];
  }

  /** The records from index `from` on, decoding only the chunks that hold them. */
  from(from: number): LogRecord[] {
    const parts: LogRecord[][] = [];
    let start = this.count;
    for (let i = this.chunks - 1; i >= 0 && start > from; i--) {
      const records = this.#decode(i);
      start -= records.length;
      parts.unshift(start >= from ? records : records.slice(from - start));
    }
    return parts.flat();
  }

  /** Every record. */
  all(): LogRecord[] {
    return this.from(0);
  }

  /** The records newest first, decoding a chunk only when the walk reaches it. */
  *backward(): Generator<LogRecord> {
    for (let i = this.chunks - 1; i >= 0; i--) {
      const records = this.#decode(i);
      for (let j = records.length - 1; j >= 0; j--) yield records[j] as LogRecord;
    }
  }

  /** Appends to the tail chunk, or seals it and starts a new one; the caller saves the count. */
  append(records: readonly LogRecord[]): void {
    if (records.length === 0) return;
    if (this.chunks === 0 || this.#tail.length > CHUNK_BYTES) {
      this.sealed += this.#tailRecords.length;
      this.chunks++;
      this.#tail = new Uint8Array(0);
      this.#tailRecords = [];
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
    this.#tailRecords = [...this.#tailRecords, ...records];
  }

  /** Replaces the whole log (relabel, reset). */
  rewrite(records: readonly LogRecord[]): void {
    for (let i = 0; i < this.chunks; i++) this.storage.removeItem(this.key(i));
    this.chunks = 0;
    this.sealed = 0;
    this.#tail = new Uint8Array(0);
    this.#tailRecords = [];
    this.#encoder = new CompactEncoder();
    if (records.length > 0) {
      this.chunks = 1;
      this.#tail = encodeCompactLog(records);
      this.#tailRecords = [...records];
      this.storage.setItem(this.key(0), toBase64(this.#tail));
      for (const record of records) this.#encoder.encode(record);
    }
  }
}
