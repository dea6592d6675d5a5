import { Readable } from 'node:stream';
import { formatCursor } from '@tagtime/log';
import type { FastifyReply } from 'fastify';
import type { PullScan } from '../store/pull.js';

const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * Sends JSON text built by hand (pulls splice stored canonical JSON together). Fastify sends a
 * string with a JSON content type as is, so the route's response schema documents the shape
 * without re-serializing a page of records.
 */
export function sendJsonText(reply: FastifyReply, text: string): FastifyReply {
  return reply.type(JSON_TYPE).send(text);
}

/** Bytes of one written chunk (a record longer than that gets a chunk of its own size). */
const CHUNK_BYTES = 64 * 1024;

/**
 * A page stream whose reader stalls this long is ended: it holds an LMDB read snapshot, and a
 * snapshot kept open keeps the file from reusing pages. The client retries from its cursor.
 */
const PAGE_DEADLINE_MS = 60_000;

const COMMA = 0x2c;

/**
 * The pull answer `{ records, cursor, more }`, written as the merge produces it: each stored
 * record's canonical JSON goes out as it is read, as the bytes the store holds (never decoded
 * into a string, never encoded again), so the page is never held in memory and the client reads
 * the first records while the server is still merging the rest. The cursor and `more` come
 * last, once the page is complete.
 */
export class PullPageStream extends Readable {
  private chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  private length = 0;
  private started = false;
  private readonly deadline: NodeJS.Timeout;

  constructor(private readonly scan: PullScan) {
    super({ highWaterMark: CHUNK_BYTES });
    this.deadline = setTimeout(
      () => this.destroy(new Error('pull page not read in time')),
      PAGE_DEADLINE_MS,
    );
    this.deadline.unref();
  }

  override _read(): void {
    try {
      if (!this.started) {
        this.started = true;
        this.length = this.chunk.write('{"records":[', 0, 'latin1');
        const first = this.scan.next();
        if (first === undefined) {
          this.finish();
          return;
        }
        this.append(first.record(), false);
      }
      // One chunk per call: `append` pushes the chunk it fills and starts the next.
      const filled = this.chunk;
      while (this.chunk === filled) {
        const record = this.scan.next();
        if (record === undefined) {
          this.finish();
          return;
        }
        this.append(record.record(), true);
      }
    } catch (error) {
      this.destroy(error as Error);
    }
  }

  /** Copies one record's JSON (after a comma) into the chunk, pushing the chunk once full. */
  private append(json: Uint8Array, comma: boolean): void {
    const size = json.length;
    const need = size + 1;
    if (this.length + need > this.chunk.length) {
      this.push(this.chunk.subarray(0, this.length));
      this.chunk = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, need));
      this.length = 0;
    }
    if (comma) this.chunk[this.length++] = COMMA;
    this.chunk.set(json, this.length);
    this.length += size;
  }

  private finish(): void {
    const cursor = JSON.stringify(formatCursor(this.scan.cursor));
    const end = Buffer.from(`],"cursor":${cursor},"more":${this.scan.more}}`);
    this.push(Buffer.concat([this.chunk.subarray(0, this.length), end]));
    this.push(null);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    clearTimeout(this.deadline);
    this.scan.close();
    callback(error);
  }
}
