import type { LogRecord } from '@tagtime/log';
import { CompactEncoder, decodeCompactLog, encodeCompactLog } from '@tagtime/log/compact';
import { fromBase64, toBase64 } from '../core/base64.js';
import type { StringStorage } from './side-store.js';

/** Records go into chunks of about this many bytes, so an append rewrites one small value. */
const CHUNK_BYTES = 16 * 1024;
export const PREFIX = 'tt.store.';

/** One log kept as base64 chunks, each a standalone compact log; only the last one grows. */
export class ChunkedLog {
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
