import { canonicalJson, type LogRecord } from '@tagtime/log';
import { type Database, type DatabaseOptions, type Key, open, type RootDatabase } from 'lmdb';
import { type BucketCount, type BucketQuery, LmdbBucketCounts } from './bucket-counts.js';
import { KeptViews, type ViewWrite } from './kept-views.js';
import { type CatchUpProgress, catchUpViews, verifyViews } from './kept-views-upkeep.js';
import {
  type LogKey,
  logKey,
  logRange,
  logTimeRange,
  recordKey,
  recordTimeKeys,
  userLogsRange,
} from './keys.js';
import { LmdbLogCursor, openRawRecords } from './log-cursor.js';
import { type LogIndexEntry, openLogIndex } from './log-index.js';
import type {
  AppendOutcome,
  Heads,
  KeptView,
  LogCursor,
  LogScan,
  LogStore,
  LogSummary,
  StoredRecord,
  UserLogSummary,
  VerifyReport,
} from './log-store.js';
import { asStorageFailure, environmentIsDead, StorageFailure } from './storage-failure.js';
import { verifyStore } from './verify.js';

/**
 * An append goes the synchronous way (see append) only when none is in a batch and the last
 * synchronous one ended at least this long ago, so its sync blocks the event loop for at most
 * a small share of the time; under load every append joins the group commit.
 */
const SYNC_APPEND_GAP_MS = 5;

/**
 * An append of more canonical JSON than this (in UTF-16 units, about bytes) always joins the
 * group commit. A large batch is a device catching up a backlog, and its next batch is usually
 * already arriving: a synchronous commit would hold the event loop through the fsync, so that
 * batch's parse waited for it and every concurrent writer's commit got a sync of its own. In
 * the group commit the fsync runs on lmdb-js's write thread while the loop parses on, and the
 * appends that arrived meanwhile share the next one. A person's answers and a watch's pages
 * (a few KB) stay far below it and keep the synchronous commit's one hop.
 */
const SYNC_APPEND_MAX_CHARS = 64 * 1024;

/** Memory for kept views in memory, by default (see kept-views.ts). */
export const DEFAULT_VIEW_CACHE_BYTES = 64 * 1024 * 1024;

export interface LmdbStoreOptions {
  /** Directory of the LMDB environment; created when missing. */
  path: string;
  /** `auto` (the default): a quiet store commits an append on its own; `group`: never. */
  commits?: 'auto' | 'group';
  /** Estimated bytes of kept views held in memory (default DEFAULT_VIEW_CACHE_BYTES). */
  viewCacheBytes?: number;
  /** Progress of bringing kept views up to date at open, when there is any to bring. */
  onCatchUp?: (progress: CatchUpProgress) => void;
}

/**
 * Device logs in one embedded LMDB environment (see keys.ts for the layout).
 *
 * Group commit: every append runs as an lmdb-js asynchronous child transaction. lmdb-js queues
 * the callbacks of all appends that arrive while the previous commit is under way and runs them
 * in ONE write transaction, each inside its own child transaction, so a conflict (or a bug)
 * in one request rolls back only that request. An append resolves only after its transaction is
 * committed and flushed to disk.
 *
 * The durability rule: a commit becomes visible only once it is on disk. lmdb-js's default
 * `overlappingSync` makes a commit visible first and syncs it after; when that sync fails the
 * records stay visible, a resend finds them as duplicates and is acknowledged, and a power loss
 * then takes them (and, as a failed writeback's pages are dropped while a later sync still
 * records the commit as flushed, can leave the file pointing at lost pages). So the store turns
 * it off: LMDB syncs the data and then writes the meta page through its O_DSYNC descriptor,
 * all inside the commit and under the write lock, before any reader, in this process or
 * another, can see the commit. A commit whose sync fails is aborted and invisible; whatever a
 * reader sees, a duplicate included, is durable. test/attacks/failed-sync.test.ts fails the
 * syncs below LMDB to prove it.
 */
/** The environment and its databases, opened together and replaced together on a reopen. */
interface Handles {
  env: RootDatabase;
  records: Database<string, Key>;
  /** `records` again, its keys read back as their `t` alone (see `recordTimeKeys`). */
  recordsByTime: Database<string, Key>;
  /** `records` read by log cursors: keys as their `t`, values as bytes (see log-cursor.ts). */
  recordsRaw: Database<null, Key>;
  index: Database<LogIndexEntry, Key>;
  /** Secondary index for the support queries; its own file, updated in `applyAppend`. */
  buckets: LmdbBucketCounts;
  /** Each user's LogView, updated in `applyAppend` too. */
  views: KeptViews;
}

function openHandles(options: LmdbStoreOptions): Handles {
  const { path } = options;
  // noSubdir: false, always: lmdb-js otherwise guesses "a file" from a dot in the name, and
  // `~/.tagtime` or a `mktemp -d` folder would fail to open.
  const env = open({ path, maxDbs: 8, noSubdir: false, overlappingSync: false });
  const records = env.openDB<string, Key>({ name: 'records', encoding: 'string' });
  // lmdb-js reads `keyEncoder` on named databases too; its typings only list it at the root.
  const recordsByTime = env.openDB<string, Key>({
    name: 'records',
    encoding: 'string',
    keyEncoder: recordTimeKeys,
  } as DatabaseOptions & { name: string });
  const index = openLogIndex(env);
  const handles: Handles = {
    env,
    records,
    recordsByTime,
    recordsRaw: openRawRecords(env),
    index,
    buckets: new LmdbBucketCounts(env),
    views: new KeptViews(
      env,
      { recordsByTime, index },
      options.viewCacheBytes ?? DEFAULT_VIEW_CACHE_BYTES,
    ),
  };
  if (!handles.buckets.isBuilt()) {
    // A store written before the index existed; the check repeats under the write lock in
    // case another process sharing the directory built it meanwhile.
    env.transactionSync(() => {
      if (!handles.buckets.isBuilt()) handles.buckets.build(records);
    });
  }
  catchUpViews(env, handles.views, options.onCatchUp);
  return handles;
}

/** Whether an append's JSON is small enough for a synchronous commit (SYNC_APPEND_MAX_CHARS). */
function fitsOneSyncCommit(encoded: readonly string[]): boolean {
  let chars = 0;
  for (const json of encoded) {
    chars += json.length;
    if (chars > SYNC_APPEND_MAX_CHARS) return false;
  }
  return true;
}

export class LmdbLogStore implements LogStore {
  private h: Handles;
  /** A reopen under way (see `reopenIfDead`). */
  private reopening: Promise<void> | undefined;

  /** The environment's directory. */
  readonly path: string;
  /** Appends of this process in lmdb-js's asynchronous batches, not yet flushed. */
  private asyncAppends = 0;
  /** When the last synchronous append ended (performance.now()). */
  private lastSyncAppendEnd = Number.NEGATIVE_INFINITY;
  private readonly quietCommits: boolean;

  private readonly options: LmdbStoreOptions;

  constructor(options: LmdbStoreOptions) {
    this.options = options;
    this.path = options.path;
    this.quietCommits = options.commits !== 'group';
    this.h = openHandles(options);
  }

  get env(): RootDatabase {
    return this.h.env;
  }

  get records(): Database<string, Key> {
    return this.h.records;
  }

  get index(): Database<LogIndexEntry, Key> {
    return this.h.index;
  }

  get buckets(): LmdbBucketCounts {
    return this.h.buckets;
  }

  get views(): KeptViews {
    return this.h.views;
  }

  async append(
    userId: string,
    deviceId: string,
    records: readonly LogRecord[],
    json?: readonly string[],
  ): Promise<AppendOutcome> {
    if (json !== undefined && json.length !== records.length) {
      throw new Error(`store.append: ${json.length} JSON texts for ${records.length} records`);
    }
    // Encoding happens before the transaction, so the write lock is held only for the checks
    // and the puts.
    const encoded = json ?? records.map((record) => canonicalJson(record));
    // The kept view this append changed, settled once its commit has ended: a view whose
    // commit failed must not stay in memory ahead of the disk.
    const views = this.views;
    views.warm(userId);
    let viewWrite: ViewWrite | undefined;
    const apply = () => {
      const applied = this.applyAppend(userId, deviceId, records, encoded);
      viewWrite = applied.view;
      return applied.outcome;
    };
    try {
      let outcome: AppendOutcome;
      if (
        this.quietCommits &&
        this.asyncAppends === 0 &&
        performance.now() - this.lastSyncAppendEnd >= SYNC_APPEND_GAP_MS &&
        fitsOneSyncCommit(encoded)
      ) {
        try {
          // A quiet store: one synchronous transaction commits and syncs to disk here, before
          // it returns (lmdb-js syncs a synchronous transaction in its commit), without the
          // two hops to lmdb-js's write thread and back that a batch costs.
          outcome = this.env.transactionSync(apply);
        } finally {
          this.lastSyncAppendEnd = performance.now();
        }
      } else {
        this.asyncAppends += 1;
        try {
          outcome = await this.env.childTransaction(apply);
          // Also for pure duplicates, though whatever is visible is durable (see above): the
          // promise a batch's commit gives is its commit's, and the flush is what is promised.
          await this.env.flushed;
        } finally {
          this.asyncAppends -= 1;
        }
      }
      if (viewWrite) views.settle(viewWrite, true);
      return outcome;
    } catch (error) {
      if (viewWrite) views.settle(viewWrite, false);
      // A full disk or a write error: a StorageFailure, and the process lives on.
      const failure = await asStorageFailure(this.env, this.path, error);
      if (failure instanceof StorageFailure && !failure.full) await this.reopenIfDead();
      throw failure;
    }
  }

  /**
   * After a failed write: once LMDB could not write a meta page it refuses every transaction
   * of this environment, reads included (MDB_PANIC), until it is opened again. Then the store
   * reopens it, and reads what is on disk: a commit whose meta page failed never became
   * visible. Only when no append is under way, so nothing in flight loses its environment.
   */
  private async reopenIfDead(): Promise<void> {
    if (this.reopening) return this.reopening;
    if (this.asyncAppends > 0 || !environmentIsDead(this.h.env)) return;
    this.reopening = (async () => {
      const dead = this.h;
      try {
        await dead.env.close();
      } catch {
        // a dead environment may fail its close too; it is dropped all the same
      }
      this.h = openHandles(this.options);
    })().finally(() => {
      this.reopening = undefined;
    });
    return this.reopening;
  }

  /**
   * Runs inside the write transaction: checks every record first, then writes, so all or none;
   * the records, their bucket counts, the `logs` index and the user's kept view together.
   */
  private applyAppend(
    userId: string,
    deviceId: string,
    records: readonly LogRecord[],
    encoded: readonly string[],
  ): { outcome: AppendOutcome; view?: ViewWrite } {
    const entry = this.index.get(logKey(userId, deviceId));
    const head = entry?.head ?? null;
    // One key array for every record: lmdb-js encodes a key when it is called, so only the
    // `t` changes between puts.
    const key = recordKey(userId, deviceId, 0);
    let duplicates = 0;
    let firstNew = records.length;
    for (let i = 0; i < records.length; i++) {
      const record = records[i] as LogRecord;
      if (record.device !== deviceId) {
        throw new Error(`store.append: record ${i} is of device ${record.device}, not ${deviceId}`);
      }
      if (head === null || record.t > head) {
        firstNew = i;
        break;
      }
      key[2] = record.t;
      const stored = this.records.get(key);
      if (stored === encoded[i]) {
        duplicates += 1;
        continue;
      }
      return {
        outcome: {
          ok: false,
          conflict: {
            index: i,
            reason: stored === undefined ? 'older_than_head' : 'different_record',
            t: record.t,
            head,
          },
        },
      };
    }
    // The view as it was before this append: caught up from the records, it must not see these.
    const view = firstNew < records.length ? this.h.views.open(userId) : undefined;
    let last = head;
    for (let i = firstNew; i < records.length; i++) {
      const record = records[i] as LogRecord;
      if (last !== null && record.t <= last) {
        throw new Error(`store.append: records must strictly increase in t (index ${i})`);
      }
      key[2] = record.t;
      this.records.putSync(key, encoded[i] as string);
      last = record.t;
    }
    const accepted = records.length - firstNew;
    this.buckets.add(userId, deviceId, records, firstNew);
    if (accepted > 0 && last !== null) {
      this.index.putSync(logKey(userId, deviceId), {
        head: last,
        count: (entry?.count ?? 0) + accepted,
      });
    }
    const outcome: AppendOutcome = { ok: true, accepted, duplicates, head: last };
    if (view === undefined) return { outcome };
    return { outcome, view: this.h.views.apply(view, userId, records, firstNew) };
  }

  *readLog(userId: string, deviceId: string, after?: number): Iterable<StoredRecord> {
    for (const { key, value } of this.h.recordsByTime.getRange(logRange(userId, deviceId, after))) {
      yield { device: deviceId, t: key as number, json: value };
    }
  }

  openLog(userId: string, deviceId: string, after?: number): LogCursor {
    return new LmdbLogCursor(this.h.recordsRaw, userId, deviceId, after);
  }

  *scanLog(userId: string, deviceId: string, scan: LogScan): Iterable<StoredRecord> {
    if (scan.to < scan.from) return;
    const range = logTimeRange(userId, deviceId, scan.from, scan.to, scan.reverse === true);
    for (const { key, value } of this.h.recordsByTime.getRange(range)) {
      yield { device: deviceId, t: key as number, json: value };
    }
  }

  getRecord(userId: string, deviceId: string, t: number): StoredRecord | undefined {
    const json = this.records.get(recordKey(userId, deviceId, t));
    return json === undefined ? undefined : { device: deviceId, t, json };
  }

  bucketCounts(userId: string, deviceId: string, query: BucketQuery): Iterable<BucketCount> {
    return this.buckets.read(userId, deviceId, query);
  }

  *allLogs(): Iterable<UserLogSummary> {
    for (const { key, value } of this.index.getRange({})) {
      const [userId, device] = key as LogKey;
      yield { userId, device, head: value.head, count: value.count };
    }
  }

  async heads(userId: string): Promise<Heads> {
    const heads: Heads = {};
    for (const log of await this.logs(userId)) heads[log.device] = log.head;
    return heads;
  }

  async logs(userId: string): Promise<LogSummary[]> {
    const out: LogSummary[] = [];
    for (const { key, value } of this.index.getRange(userLogsRange(userId))) {
      out.push({ device: (key as LogKey)[1], head: value.head, count: value.count });
    }
    return out;
  }

  async verify(): Promise<VerifyReport> {
    return verifyStore(this.records, this.index, Date.now(), (report) => {
      this.buckets.verify(this.records, report);
      verifyViews(this.views, report);
    });
  }

  async readView<T>(userId: string, read: (kept: KeptView) => T): Promise<T> {
    return this.views.read(userId, read);
  }

  async close(): Promise<void> {
    await this.env.close();
  }
}
