import {
  changeEntries,
  entryMeta,
  type LogRecord,
  LogView,
  type StateEntry,
  type StateEntryKey,
  stateEntries,
  stateFromEntries,
} from '@tagtime/log';
import type { Database, Key, RootDatabase, Transaction } from 'lmdb';
import { userViewRange, viewKey } from './keys.js';
import type { KeptView } from './log-store.js';
import { type Sized, ViewCache } from './view-cache.js';
import {
  ENTRY_BYTES,
  estimateBytes,
  foldNewRecords,
  recordCount,
  type StoredLogs,
  VIEW_BYTES,
  within,
} from './view-folds.js';

/**
 * Every user's `LogView` (DESIGN.md, One view), kept in the `views` database as @tagtime/log's
 * state entries under the user's id (keys.ts) and brought up to date inside each append's own
 * write transaction: the view on disk is always the fold of exactly the records on disk, after
 * a crash or a failed sync too. An append writes only what its records changed
 * (`changeEntries`): an error or event bumps one count, an answer rewrites its ping's slot.
 *
 * Views in use stay in memory (a `ViewCache`, bounded by estimated bytes). Several processes
 * may append for one user (WORKERS), and a commit may fail after its callback ran, so a view in
 * memory is trusted only while the `meta` entry on disk carries the stamp it was last written
 * or read with: each write puts a new random stamp into `meta`. A view whose stamp is not the
 * one on disk is caught up from the records after its heads when its content is known durable
 * (another process appended since), and else loaded again from the entries. A read never
 * serves a view written by a commit still in flight.
 */

/** Kept views count error and event days in UTC; a person's zone is the reader's business. */
export const VIEW_TIME_ZONE = 'UTC';

/** The `meta` entry as the store writes it: @tagtime/log's meta plus the write's stamp. */
export interface StoredMeta {
  v: number;
  timeZone: string;
  size: number;
  /** Random per write: names the content of the view on disk. */
  w?: number;
}

export interface CachedView extends Sized {
  view: LogView;
  /** The stamp of the `meta` entry this view's content was written with or read at. */
  stamp: number | undefined;
  /**
   * Whether that content is known durable: read from a committed snapshot, or written by a
   * commit that completed. Only then may the view be caught up from the records after its
   * heads when the disk moved on; otherwise it is loaded again.
   */
  durable: boolean;
  /** Appends that changed this view and whose commit has not ended. */
  writes: number;
  /** What readers made of this view (`KeptView.memo`), dropped at each change of it. */
  memos: Map<string, unknown> | undefined;
}

/** One append's change to a kept view, to settle once its commit has ended. */
export interface ViewWrite {
  userId: string;
  entry: CachedView;
  stamp: number;
}

function newStamp(): number {
  return Math.floor(Math.random() * 2 ** 53);
}

/** An empty view in the kept views' zone. */
export function viewOfNoRecords(): LogView {
  return new LogView({ timeZone: VIEW_TIME_ZONE });
}

/** The `meta` value if it is of this version and zone, else undefined (refold). */
export function readMeta(value: unknown): StoredMeta | undefined {
  const meta = entryMeta(value);
  if (meta === undefined || meta.timeZone !== VIEW_TIME_ZONE) return undefined;
  return meta as StoredMeta;
}

export class KeptViews {
  readonly db: Database<unknown, Key>;
  readonly #cache: ViewCache<CachedView>;

  constructor(
    private readonly env: RootDatabase,
    /** What the views are folded from. */
    readonly logs: StoredLogs,
    cacheBytes: number,
  ) {
    this.db = env.openDB<unknown, Key>({ name: 'views', encoding: 'msgpack' });
    this.#cache = new ViewCache(cacheBytes);
  }

  /** Views in memory and their estimated bytes. */
  cacheUse(): { views: number; bytes: number } {
    return { views: this.#cache.size, bytes: this.#cache.bytes };
  }

  /**
   * The user's view as the write transaction in progress holds it. Call inside an append's
   * transaction after its checks and before its puts (a view caught up from the records must
   * not see the append's own), then `apply` the append to it once the records are put.
   */
  open(userId: string): CachedView {
    return this.#current(userId, undefined);
  }

  /**
   * Folds an append's new records (`records[from..]`, one device's, increasing `t`) into the
   * view `open` gave and writes the entries they changed. Settle the result once the commit
   * has ended (`settle`).
   */
  apply(entry: CachedView, userId: string, records: readonly LogRecord[], from: number): ViewWrite {
    try {
      entry.view.apply(records.slice(from));
      const changes = entry.view.takeChanges();
      const stamp = newStamp();
      this.#write(userId, changeEntries(changes), stamp);
      entry.stamp = stamp;
      entry.durable = false;
      entry.writes += 1;
      this.#changed(userId, entry);
      const grown = changes.pings.length + changes.renames.length + changes.tags.length;
      if (grown > 0) this.#cache.resize(userId, entry, entry.bytes + grown * ENTRY_BYTES);
      return { userId, entry, stamp };
    } catch (error) {
      this.forget(userId, entry);
      throw error;
    }
  }

  /** The view changed: what readers made of it goes, with its bytes. */
  #changed(userId: string, entry: CachedView): void {
    if (entry.memos === undefined) return;
    let size = 0;
    for (const made of entry.memos.values()) {
      if (typeof made === 'string' || made instanceof Uint8Array) size += made.length;
    }
    entry.memos = undefined;
    if (size > 0) this.#cache.resize(userId, entry, entry.bytes - size);
  }

  /** Drops a view whose transaction rolls back: it must not stay ahead of the disk. */
  forget(userId: string, entry: CachedView): void {
    this.#cache.delete(userId, entry);
  }

  /** After an append's commit: durable, or (`committed` false) gone with its transaction. */
  settle(write: ViewWrite, committed: boolean): void {
    write.entry.writes -= 1;
    if (!committed) this.forget(write.userId, write.entry);
    else if (write.entry.stamp === write.stamp) write.entry.durable = true;
  }

  /**
   * Reads the user's view into memory unless it is there: called before an append's
   * transaction, so a view not in memory (a heavy user's first append after a start) is read
   * without holding the write lock, which other processes' appends wait for.
   */
  warm(userId: string): void {
    if (this.#cache.get(userId) === undefined) this.read(userId, () => undefined);
  }

  /** Runs `use` on the user's view as committed now; `use` must not keep the view. */
  read<T>(userId: string, use: (kept: KeptView) => T): T {
    const txn = this.env.useReadTransaction();
    try {
      const entry = this.#current(userId, txn);
      return use({
        view: entry.view,
        memo: <M>(key: string, make: (view: LogView) => M): M => {
          entry.memos ??= new Map();
          if (entry.memos.has(key)) return entry.memos.get(key) as M;
          const made = make(entry.view);
          entry.memos.set(key, made);
          // Text and bytes count in the cache's budget (an answer of a heavy view is megabytes).
          const size = typeof made === 'string' || made instanceof Uint8Array ? made.length : 0;
          if (size > 0) this.#cache.resize(userId, entry, entry.bytes + size);
          return made;
        },
      });
    } finally {
      txn.done();
    }
  }

  /**
   * The user's view matching what `txn` (a read snapshot) holds, or the write transaction in
   * progress when `txn` is undefined. A view is cached unless a reader would replace one that
   * a write of this process has changed and whose commit has not ended.
   */
  #current(userId: string, txn: Transaction | undefined): CachedView {
    const writing = txn === undefined;
    const meta = readMeta(this.db.get(viewKey(userId, ['meta']), within(txn)));
    const cached = this.#cache.get(userId);
    if (cached !== undefined && meta !== undefined) {
      if (cached.stamp === meta.w && cached.view.size === meta.size) return cached;
      if (cached.durable && cached.stamp !== meta.w) {
        // Behind the disk (another process appended since): what is new is after its heads.
        foldNewRecords(this.logs, cached.view, userId, txn);
        cached.view.takeChanges();
        this.#changed(userId, cached);
        if (cached.view.size === meta.size) {
          cached.stamp = meta.w;
          // A write transaction may see a sibling append of the same commit, not yet durable.
          cached.durable = !writing;
          return cached;
        }
        this.#cache.delete(userId, cached);
      }
    }
    const entry: CachedView = {
      ...this.#load(userId, meta, txn),
      durable: !writing,
      writes: 0,
      memos: undefined,
    };
    if (writing || cached === undefined || cached.writes === 0) this.#cache.set(userId, entry);
    return entry;
  }

  /**
   * The view from its entries, or folded from the records when they do not hold it (catch-up
   * at open makes that rare); inside a write transaction a folded view is written whole.
   */
  #load(
    userId: string,
    meta: StoredMeta | undefined,
    txn: Transaction | undefined,
  ): { view: LogView; stamp: number | undefined; bytes: number } {
    if (meta !== undefined && meta.size === recordCount(this.logs.index, userId, txn)) {
      const entries: StateEntry[] = [];
      for (const { key, value } of this.db.getRange({ ...userViewRange(userId), ...within(txn) })) {
        entries.push({ key: (key as Key[]).slice(1) as StateEntryKey, value });
      }
      const state = stateFromEntries(entries);
      if (state !== undefined) {
        return {
          view: LogView.from(state),
          stamp: meta.w,
          bytes: VIEW_BYTES + entries.length * ENTRY_BYTES,
        };
      }
    }
    const view = viewOfNoRecords();
    foldNewRecords(this.logs, view, userId, txn);
    view.takeChanges();
    let stamp: number | undefined;
    if (txn === undefined) {
      stamp = newStamp();
      this.writeWhole(userId, view, stamp);
    }
    return { view, stamp, bytes: estimateBytes(view) };
  }

  /** Writes entries under the user's prefix, the stamp into `meta`. */
  #write(userId: string, entries: readonly StateEntry[], stamp: number): void {
    for (const { key, value } of entries) {
      const stored = key[0] === 'meta' ? { ...(value as StoredMeta), w: stamp } : value;
      this.db.putSync(viewKey(userId, key), stored);
    }
  }

  /** Writes the whole view over whatever the user had kept (in a write transaction). */
  writeWhole(userId: string, view: LogView, stamp: number): void {
    for (const key of this.db.getKeys(userViewRange(userId))) this.db.removeSync(key);
    if (view.size > 0) this.#write(userId, stateEntries(view.state()), stamp);
  }

  /**
   * Folds the user's records afresh and writes the whole view over whatever was kept. Call
   * inside a write transaction. Returns the records folded.
   */
  rebuild(userId: string): number {
    this.#cache.delete(userId);
    const view = viewOfNoRecords();
    const folded = foldNewRecords(this.logs, view, userId, undefined);
    this.writeWhole(userId, view, newStamp());
    return folded;
  }

  /** Forgets every view in memory (the store under them was rewritten). */
  clearCache(): void {
    this.#cache.clear();
  }
}
