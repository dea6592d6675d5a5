import { Transform, type TransformCallback } from 'node:stream';
import { LIMITS } from '@tagtime/log';
import { AppError } from '../errors.js';
import { type DepthScan, MAX_JSON_DEPTH } from './json-body.js';

/** `{"records":[]}`: the canonical batch around its records. */
const BATCH_OVERHEAD = '{"records":[]}'.length;

/** A raw string byte is at least this many bytes of canonical JSON (`\u0041` is `A`). */
const MOST_RAW_BYTES_PER_CANONICAL_BYTE = 6;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;

/** Whitespace between JSON tokens: it has no canonical bytes. */
function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

function isOpen(byte: number): boolean {
  return byte === 0x7b /* { */ || byte === 0x5b; /* [ */
}

function isClose(byte: number): boolean {
  return byte === 0x7d /* } */ || byte === 0x5d; /* ] */
}

/** The limits a batch is scanned against (@tagtime/log's LIMITS; tests pass smaller ones). */
export interface ShapeLimits {
  recordBytes: number;
  batchBytes: number;
  batchRecords: number;
}

/**
 * Reads an append body's raw bytes as they arrive and refuses a batch that cannot be valid,
 * before anything parses it. JSON.parse and the validator cost time per value, not per byte: a
 * 1 MB record of 350,000 `{}` took half a second of CPU to be refused as too large, and a few in
 * flight stalled every other user.
 *
 * It counts, for each element of the records list (depth 2), a lower bound of the canonical
 * JSON that element would become: every `{ [ , :` is a byte there and every `{ [` closes with
 * another; every number or literal is at least a byte; a string is its two quotes and at least
 * a sixth of its raw bytes. Whitespace, escapes and spelled-out numbers only ever shrink in
 * canonical JSON, so the bound never passes the real size of a record a client encoded with
 * JSON.stringify (which writes no duplicate keys, the one thing that could shrink it more).
 * Past 8 KiB for one record, 5000 records or 1 MiB in all, the batch is refused with the code
 * the validator would give. The scan is key-agnostic: a `records` key spelled with escapes
 * gets the same count as a plain one, and a body with more than one top-level field (which no
 * valid batch has) is refused at its first comma.
 */
export class BatchShapeScanner implements DepthScan {
  constructor(private readonly limits: ShapeLimits = LIMITS) {}

  private depth = 0;
  private inString = false;
  private escaped = false;
  /** Raw bytes of the current string not yet counted as a canonical byte. */
  private stringBytes = 0;
  private inScalar = false;
  /** Lower bound of the current record's canonical bytes. */
  private record = 0;
  /** Index of the current record in the list. */
  private index = 0;
  /** Lower bound of the whole canonical batch. */
  private total = BATCH_OVERHEAD;

  /**
   * Whether the bytes so far opened more than MAX_JSON_DEPTH arrays/objects at once, outside
   * strings: the scan stops there, and the JSON parser refuses the body without reading it.
   */
  get tooDeep(): boolean {
    return this.depth > MAX_JSON_DEPTH;
  }

  /** Scans the next bytes; the first refusal found, if any. */
  feed(chunk: Uint8Array): AppError | undefined {
    // Too deep to be parsed at all (edge/json-body.ts refuses it unparsed, as `invalid_json`).
    if (this.depth > MAX_JSON_DEPTH) return undefined;
    const length = chunk.length;
    // Where the chunk's next backslash and quote are, each found once and reused until passed:
    // strings are crossed with indexOf, not byte by byte (most of a body's bytes are in them),
    // and a string of many escapes is still read once, not once per escape.
    let backslash = -1;
    let quote = -1;
    for (let i = 0; i < length; i++) {
      if (this.inString) {
        if (this.escaped) {
          this.escaped = false;
          const refusal = this.stringContent(1);
          if (refusal) return refusal;
          continue;
        }
        if (backslash < i) backslash = indexOr(chunk, BACKSLASH, i, length);
        if (quote < i) quote = indexOr(chunk, QUOTE, i, length);
        const end = Math.min(quote, backslash);
        // Every raw byte up to the quote or backslash is content.
        const refusal = this.stringContent(end - i);
        if (refusal) return refusal;
        if (end === length) break;
        if (end === quote) this.inString = false;
        else {
          // The backslash is content too, and escapes the next byte (perhaps in the next chunk).
          this.escaped = true;
          const refusal = this.stringContent(1);
          if (refusal) return refusal;
        }
        i = end;
        continue;
      }
      const byte = chunk[i] as number;
      if (isSpace(byte)) {
        this.inScalar = false;
        continue;
      }
      let refusal: AppError | undefined;
      if (byte === QUOTE) {
        this.inString = true;
        this.inScalar = false;
        this.stringBytes = 0;
        // Its two quotes; the content adds a byte per six raw ones.
        refusal = this.count(2);
      } else if (isOpen(byte)) {
        this.inScalar = false;
        // Its closing bracket is counted now, so `[[[[…` is bounded as it arrives.
        refusal = this.count(2);
        if (++this.depth > MAX_JSON_DEPTH) return undefined;
      } else if (isClose(byte)) {
        this.inScalar = false;
        this.depth -= 1;
        if (this.depth === 1) this.record = 0;
      } else if (byte === COMMA) {
        this.inScalar = false;
        if (this.depth === 1) return notOneField();
        if (this.depth === 2) refusal = this.nextRecord();
        else refusal = this.count(1);
      } else if (byte === COLON) {
        this.inScalar = false;
        refusal = this.count(1);
      } else if (!this.inScalar) {
        // A number or literal: at least one canonical byte however it is spelled.
        this.inScalar = true;
        refusal = this.count(1);
      }
      if (refusal) return refusal;
    }
    return undefined;
  }

  /** `raw` more bytes of the current string: a canonical byte for every six. */
  private stringContent(raw: number): AppError | undefined {
    const bytes = this.stringBytes + raw;
    this.stringBytes = bytes % MOST_RAW_BYTES_PER_CANONICAL_BYTE;
    const canonical = (bytes - this.stringBytes) / MOST_RAW_BYTES_PER_CANONICAL_BYTE;
    return canonical > 0 ? this.count(canonical) : undefined;
  }

  /** Adds canonical bytes to the current record (inside the list) and to the batch. */
  private count(bytes: number): AppError | undefined {
    if (this.depth < 2) return undefined;
    this.record += bytes;
    this.total += bytes;
    if (this.record > this.limits.recordBytes) {
      const where = `records[${this.index}]`;
      return new AppError(
        'record_too_large',
        `${where}: record is at least ${this.record} bytes as canonical JSON, more than the limit of ${this.limits.recordBytes}`,
        { index: this.index, path: where },
      );
    }
    if (this.total > this.limits.batchBytes) {
      return new AppError(
        'batch_too_large',
        `records: a batch is at most ${this.limits.batchBytes} bytes; it passes that at records[${this.index}]`,
        { index: this.index, path: 'records' },
      );
    }
    return undefined;
  }

  /** A comma in the list: the next record, and its comma in the canonical batch. */
  private nextRecord(): AppError | undefined {
    this.record = 0;
    this.index += 1;
    if (this.index >= this.limits.batchRecords) {
      return new AppError(
        'batch_too_large',
        `records: a batch holds at most ${this.limits.batchRecords} records (got more than that)`,
        { path: 'records' },
      );
    }
    this.total += 1;
    return this.total > this.limits.batchBytes
      ? new AppError(
          'batch_too_large',
          `records: a batch is at most ${this.limits.batchBytes} bytes; it passes that at records[${this.index}]`,
          { index: this.index, path: 'records' },
        )
      : undefined;
  }
}

/** The index of `byte` in `chunk` from `from` on, or `none` when it is not there. */
function indexOr(chunk: Uint8Array, byte: number, from: number, none: number): number {
  const at = chunk.indexOf(byte, from);
  return at < 0 ? none : at;
}

function notOneField(): AppError {
  return new AppError(
    'invalid_record',
    'a batch is one object { "records": [...] } with no other field',
  );
}

/**
 * Passes an append body through unchanged while a BatchShapeScanner reads it, and fails with
 * the scanner's refusal as soon as there is one: the rest of the body is never parsed.
 */
export class BatchShapeStream extends Transform implements DepthScan {
  private readonly scanner = new BatchShapeScanner();
  /** The process's CPU time when the whole body had arrived: parsing starts there. */
  bodyEndCpu: NodeJS.CpuUsage | undefined;

  /** Whether the scan refused the body (and stopped reading it). */
  refused = false;
  /** CPU ms the scan has used so far and not yet taken. */
  private scanCpuMs = 0;

  /**
   * CPU ms the body has cost and not yet taken: its scan, and once it has ended, everything
   * since (its parse and validation, when taken before the handler runs).
   */
  takeCpuMs(): number {
    let ms = this.scanCpuMs;
    this.scanCpuMs = 0;
    if (this.bodyEndCpu !== undefined) {
      const { user, system } = process.cpuUsage(this.bodyEndCpu);
      this.bodyEndCpu = undefined;
      ms += (user + system) / 1000;
    }
    return ms;
  }

  get tooDeep(): boolean {
    return this.scanner.tooDeep;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    // The scan is a loop that neither waits nor yields, so its wall time is its CPU time;
    // process.cpuUsage() is a system call, and twice per chunk it cost a third of the scan.
    const before = performance.now();
    const refusal = this.scanner.feed(chunk);
    this.scanCpuMs += performance.now() - before;
    this.refused ||= refusal !== undefined;
    if (refusal) done(refusal);
    else done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    this.bodyEndCpu = process.cpuUsage();
    done();
  }
}
