import type { Cursor } from '@tagtime/log';
import type { LogCursor, LogStore, StoredRecord } from './log-store.js';

export interface PullOptions {
  /** Per log, the last `t` already delivered; logs not named start from their beginning. */
  after: Cursor;
  /** At most this many records are returned. */
  limit: number;
}

export interface PullPage {
  records: StoredRecord[];
  /** The cursor after this page: the input cursor advanced by every returned record. */
  cursor: Cursor;
  more: boolean;
}

/**
 * One page of a user's logs after a cursor, read lazily in merged `(t, device)` order: one
 * cursor per device log (`LogStore.openLog`) in a binary min-heap by current record, so memory
 * is one cursor per log however long the logs are, and a caller that writes each record out as
 * it comes (the pull route streams the answer) never holds the page either. The logs are of
 * distinct devices, so no two records tie.
 *
 * The heap keeps each entry's `t` in a typed array beside it and compares devices only when two
 * times are equal: re-ordering the heap after every record was a fifth of a page's reading when
 * each comparison read both cursors' fields.
 *
 * The cursors hold an LMDB read snapshot until the page ends or `close` is called.
 */
export class PullScan {
  /** The cursor after the records returned so far; final once `next` returned undefined. */
  readonly cursor: Cursor;
  /** Whether records after the page remain; known once `next` returned undefined. */
  more = false;
  /** Log cursors with a current record, heap-ordered by it: `heap[0]` is the next to return. */
  private readonly heap: LogCursor[] = [];
  /** `times[i]` is the current `t` of `heap[i]`. */
  private readonly times: Float64Array;
  /** The log of the record returned last: moved on at the next call, not before (see next). */
  private returnedFrom: LogCursor | undefined;
  private returned = 0;
  private done = false;

  private constructor(
    logs: LogCursor[],
    cursor: Cursor,
    private readonly limit: number,
  ) {
    this.cursor = cursor;
    this.times = new Float64Array(logs.length);
    for (const log of logs) if (log.next()) this.push(log);
  }

  static async open(store: LogStore, userId: string, options: PullOptions): Promise<PullScan> {
    const heads = await store.heads(userId);
    const cursor: Cursor = { ...options.after };
    const logs: LogCursor[] = [];
    for (const [device, head] of Object.entries(heads)) {
      const at = cursor[device];
      if (at === undefined || at < head) logs.push(store.openLog(userId, device, at));
    }
    return new PullScan(logs, cursor, options.limit);
  }

  /**
   * The page's next record, or undefined once the page is complete (then it is closed). The
   * record is the current one of its log cursor: its `json` bytes are valid until the next call.
   */
  next(): LogCursor | undefined {
    if (this.done) return undefined;
    const last = this.returnedFrom;
    if (last !== undefined) {
      this.returnedFrom = undefined;
      if (last.next()) this.siftDown(last, last.t);
      else this.removeTop();
    }
    const top = this.heap[0];
    if (top === undefined || this.returned >= this.limit) {
      this.more = top !== undefined;
      this.close();
      return undefined;
    }
    this.returned += 1;
    this.cursor[top.device] = top.t;
    this.returnedFrom = top;
    return top;
  }

  /** Ends the log cursors (and releases their snapshot); `next` returns undefined after it. */
  close(): void {
    if (this.done) return;
    this.done = true;
    for (const log of this.heap) log.close();
    this.heap.length = 0;
  }

  private push(log: LogCursor): void {
    const { heap, times } = this;
    const t = log.t;
    let i = heap.length;
    heap.push(log);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent] as LogCursor;
      const pt = times[parent] as number;
      if (t > pt || (t === pt && log.device > p.device)) break;
      heap[i] = p;
      times[i] = pt;
      i = parent;
    }
    heap[i] = log;
    times[i] = t;
  }

  private removeTop(): void {
    const heap = this.heap;
    const last = heap.pop() as LogCursor;
    if (heap.length > 0) this.siftDown(last, last.t);
  }

  /** Puts `log`, whose current record is at `t`, at the top and sifts it down to its place. */
  private siftDown(log: LogCursor, t: number): void {
    const { heap, times } = this;
    const n = heap.length;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      let ct = times[child] as number;
      const right = child + 1;
      if (right < n) {
        const rt = times[right] as number;
        if (
          rt < ct ||
          (rt === ct && (heap[right] as LogCursor).device < (heap[child] as LogCursor).device)
        ) {
          child = right;
          ct = rt;
        }
      }
      const c = heap[child] as LogCursor;
      if (t < ct || (t === ct && log.device < c.device)) break;
      heap[i] = c;
      times[i] = ct;
      i = child;
    }
    heap[i] = log;
    times[i] = t;
  }
}

const decoder = new TextDecoder();

/** A whole page as stored records (tests read pages whole). */
export async function pullRecords(
  store: LogStore,
  userId: string,
  options: PullOptions,
): Promise<PullPage> {
  const scan = await PullScan.open(store, userId, options);
  const records: StoredRecord[] = [];
  try {
    for (let log = scan.next(); log !== undefined; log = scan.next()) {
      records.push({
        device: log.device,
        t: log.t,
        json: decoder.decode(log.record()),
      });
    }
  } finally {
    scan.close();
  }
  return { records, cursor: scan.cursor, more: scan.more };
}
