import { compareRecords, sameId } from './order.js';
import type { LogRecord, RecordId } from './records.js';

/** A log handed to the merge was not sorted in merged order. */
export class MergeOrderError extends Error {
  override name = 'MergeOrderError';
}

interface Source<R extends RecordId> {
  /** Position of the log in the caller's list: breaks ties so the merge is deterministic. */
  index: number;
  head: R;
  sync: Iterator<R> | undefined;
  async: AsyncIterator<R> | undefined;
}

function before<R extends RecordId>(a: Source<R>, b: Source<R>): boolean {
  const c = compareRecords(a.head, b.head);
  return c < 0 || (c === 0 && a.index < b.index);
}

/**
 * A binary min-heap of sources by their head record; memory is one entry per log. It also holds
 * the steps both merges share: adding a log by its first record, choosing what to deliver, and
 * moving the top on.
 */
class SourceHeap<R extends RecordId> {
  readonly items: Source<R>[] = [];
  /** The record delivered last: copies of one id are adjacent in merged order. */
  private delivered: R | undefined;

  get size(): number {
    return this.items.length;
  }

  get top(): Source<R> {
    return this.items[0] as Source<R>;
  }

  /** Adds a log by its first record (an empty log adds nothing). */
  open(
    index: number,
    first: IteratorResult<R>,
    sync: Iterator<R> | undefined,
    async: AsyncIterator<R> | undefined,
  ): void {
    if (!first.done) this.push({ index, head: first.value, sync, async });
  }

  /** `top`'s head when it is the first copy of its id, else undefined (a copy to skip). */
  deliver(top: Source<R>): R | undefined {
    const head = top.head;
    if (this.delivered !== undefined && sameId(this.delivered, head)) return undefined;
    this.delivered = head;
    return head;
  }

  /**
   * Moves the top source (`top`) on to its next record (or drops it when done), checking that the
   * source stays in order.
   */
  advance(top: Source<R>, next: IteratorResult<R>): void {
    if (next.done) {
      this.popTop();
      return;
    }
    if (compareRecords(next.value, top.head) <= 0) throw outOfOrder(top, next.value);
    top.head = next.value;
    this.siftTop();
  }

  private push(source: Source<R>): void {
    const items = this.items;
    let i = items.length;
    items.push(source);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = items[parent] as Source<R>;
      if (!before(source, p)) break;
      items[i] = p;
      i = parent;
    }
    items[i] = source;
  }

  /** Restores heap order after the top's head changed. */
  private siftTop(): void {
    const items = this.items;
    const n = items.length;
    const top = items[0] as Source<R>;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      let child = left;
      if (right < n && before(items[right] as Source<R>, items[left] as Source<R>)) child = right;
      const c = items[child] as Source<R>;
      if (!before(c, top)) break;
      items[i] = c;
      i = child;
    }
    items[i] = top;
  }

  /** Removes the top. */
  private popTop(): void {
    const items = this.items;
    const last = items.pop() as Source<R>;
    if (items.length > 0) {
      items[0] = last;
      this.siftTop();
    }
  }
}

function outOfOrder<R extends RecordId>(source: Source<R>, next: R): MergeOrderError {
  const prev = source.head;
  return new MergeOrderError(
    `log ${source.index} is not in merged order: (${next.device}, ${next.t}) comes after (${prev.device}, ${prev.t})`,
  );
}

/**
 * Merges logs, each sorted by `(t, device)` (a device log: by `t`), into one stream in merged
 * order. Memory is proportional to the number of logs. A record id seen in several logs is
 * delivered once (the copy of the earliest log in the list). Throws `MergeOrderError` when a log
 * is out of order.
 */
export function* mergeLogsSync<R extends RecordId = LogRecord>(logs: Iterable<R>[]): Generator<R> {
  const heap = new SourceHeap<R>();
  const iterators: Iterator<R>[] = [];
  try {
    logs.forEach((log, index) => {
      const it = log[Symbol.iterator]();
      iterators.push(it);
      heap.open(index, it.next(), it, undefined);
    });
    while (heap.size > 0) {
      const top = heap.top;
      const record = heap.deliver(top);
      if (record !== undefined) yield record;
      heap.advance(top, (top.sync as Iterator<R>).next());
    }
  } finally {
    for (const it of iterators) it.return?.();
  }
}

function isAsyncIterable<R>(log: object): log is AsyncIterable<R> {
  return Symbol.asyncIterator in log;
}

/**
 * `mergeLogsSync` over logs that may be async (storage cursors, network pages): a streaming
 * k-way merge in merged order. Synchronous logs are read without awaiting each record.
 */
export async function* mergeLogs<R extends RecordId = LogRecord>(
  logs: Array<AsyncIterable<R> | Iterable<R>>,
): AsyncGenerator<R> {
  const heap = new SourceHeap<R>();
  const opened: Array<Iterator<R> | AsyncIterator<R>> = [];
  try {
    for (let index = 0; index < logs.length; index++) {
      const log = logs[index] as AsyncIterable<R> | Iterable<R>;
      if (isAsyncIterable<R>(log)) {
        const it = log[Symbol.asyncIterator]();
        opened.push(it);
        heap.open(index, await it.next(), undefined, it);
      } else {
        const it = log[Symbol.iterator]();
        opened.push(it);
        heap.open(index, it.next(), it, undefined);
      }
    }
    while (heap.size > 0) {
      const top = heap.top;
      const record = heap.deliver(top);
      if (record !== undefined) yield record;
      heap.advance(top, top.sync ? top.sync.next() : await (top.async as AsyncIterator<R>).next());
    }
  } finally {
    await Promise.all(opened.map((it) => it.return?.()));
  }
}
