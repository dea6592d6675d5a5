import type { Database, DatabaseOptions, Key, RootDatabase } from 'lmdb';
import { logRange, recordTimeKeys } from './keys.js';
import type { LogCursor } from './log-store.js';
import { PrefixViews } from './prefix-views.js';

/** The cursor whose `next` is running: the one the value decoder copies into. */
let reading: LmdbLogCursor | undefined;
/** Views of lmdb-js's read buffer, the source of every copy. */
const sourceViews = new PrefixViews();

/**
 * lmdb-js hands a custom decoder that does not ask for a stable buffer (`needsStableBuffer`) each
 * value as bytes in its shared read buffer, valid until the next read; this one copies them into
 * the buffer of the cursor being read. A pull thus never decodes a record's UTF-8 text into a
 * string (nor encodes it back to write it to the socket), and allocates nothing per record: the
 * cursor's buffer is reused from record to record and the views a copy needs are kept per size
 * (prefix-views.ts; at most one per record read, so a page bounds them).
 */
const copyIntoReadingCursor = {
  decode(bytes: Uint8Array, size: number): null {
    const cursor = reading;
    if (cursor === undefined) throw new Error('log cursor: a value was read outside next()');
    if (cursor.json.length < size)
      cursor.json = new Uint8Array(Math.max(size, 2 * cursor.json.length));
    cursor.json.set(sourceViews.get(bytes, size));
    cursor.size = size;
    return null;
  },
  encode(): never {
    throw new Error('log cursor: the raw view of the records is read-only');
  },
};

/** `records` once more, its keys read as their `t` and its values copied by the cursors. */
export function openRawRecords(env: RootDatabase): Database<null, Key> {
  // lmdb-js reads `keyEncoder` and `encoder` on named databases too; its typings list them only
  // at the root.
  return env.openDB<null, Key>({
    name: 'records',
    keyEncoder: recordTimeKeys,
    encoder: copyIntoReadingCursor,
  } as unknown as DatabaseOptions & { name: string });
}

/** A forward range scan of one device log (see LogCursor). */
export class LmdbLogCursor implements LogCursor {
  t = 0;
  /** The current record's bytes are `json[0, size)`, written by the decoder above. */
  json = new Uint8Array(256);
  size = 0;
  /** Views of `json`, for whoever copies the current record out (`record()`). */
  private readonly views = new PrefixViews();
  private readonly scan: Iterator<{ key: Key }>;
  private open = true;

  constructor(
    records: Database<null, Key>,
    userId: string,
    readonly device: string,
    after: number | undefined,
  ) {
    this.scan = records.getRange(logRange(userId, device, after))[Symbol.iterator]();
  }

  record(): Uint8Array {
    return this.views.get(this.json, this.size);
  }

  next(): boolean {
    if (!this.open) return false;
    reading = this;
    try {
      const step = this.scan.next();
      if (step.done) {
        this.open = false;
        return false;
      }
      this.t = step.value.key as number;
      return true;
    } finally {
      reading = undefined;
    }
  }

  close(): void {
    if (!this.open) return;
    this.open = false;
    this.scan.return?.();
  }
}
