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

/** About this many characters of records go into one written chunk. */
const CHUNK_CHARS = 64 * 1024;

/**
 * A page stream whose reader stalls this long is ended: it holds an LMDB read snapshot, and a
 * snapshot kept open keeps the file from reusing pages. The client retries from its cursor.
 */
const PAGE_DEADLINE_MS = 60_000;

/**
 * The pull answer `{ records, cursor, more }`, written as the merge produces it: each stored
 * record's canonical JSON goes out as it is read, so the page is never held in memory (no array
 * of records, no page-sized string) and the client reads the first records while the server is
 * still merging the rest. The cursor and `more` come last, once the page is complete.
 */
class PullPageStream extends Readable {
  private started = false;
  private readonly deadline: NodeJS.Timeout;

  constructor(private readonly scan: PullScan) {
    super({ highWaterMark: CHUNK_CHARS });
    this.deadline = setTimeout(
      () => this.destroy(new Error('pull page not read in time')),
      PAGE_DEADLINE_MS,
    );
    this.deadline.unref();
  }

  override _read(): void {
    try {
      let chunk = '';
      let separator = ',';
      if (!this.started) {
        this.started = true;
        chunk = '{"records":[';
        separator = '';
      }
      while (chunk.length < CHUNK_CHARS) {
        const record = this.scan.next();
        if (record === undefined) {
          const cursor = JSON.stringify(formatCursor(this.scan.cursor));
          this.push(`${chunk}],"cursor":${cursor},"more":${this.scan.more}}`);
          this.push(null);
          return;
        }
        chunk += separator + record.json;
        separator = ',';
      }
      this.push(chunk);
    } catch (error) {
      this.destroy(error as Error);
    }
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    clearTimeout(this.deadline);
    this.scan.close();
    callback(error);
  }
}

/** Sends a pull page as it is read (see PullPageStream). */
export function sendPullPage(reply: FastifyReply, scan: PullScan): FastifyReply {
  return reply.type(JSON_TYPE).send(new PullPageStream(scan));
}
