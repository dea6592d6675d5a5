import {
  type Cursor,
  canonicalJson,
  DeviceClock,
  foldLog,
  LIMITS,
  type LogRecord,
  LogView,
  type LogViewOptions,
  type LogViewState,
  mergeLogsSync,
  type RecordDraft,
  validateRecordFast,
} from '@tagtime/log/core';
import type { StreamEvent } from '@tagtime/log/protocol';
import { type DeviceInfo, type FetchLike, type RecordsPage, SyncApi } from './api.js';
import type { BackoffOptions } from './backoff.js';
import { nextBatchLength } from './batches.js';
import { SyncError } from './errors.js';
import { type FollowState, keepStreamOpen, type OpenEventSource } from './follow.js';
import { validateRecordLazily } from './record-check.js';
import { Serial } from './serial.js';
import type { ClientStore } from './store.js';

/**
 * Records per page of a first sync. Bigger pages mean fewer requests, but a page and the next
 * one (fetched while it is stored) are in memory at once: at 5000 records a first sync of 100k
 * took no longer than at 10,000 (the server's most), with 20 MiB less memory (packages/cli bench).
 */
export const BULK_PAGE_SIZE = 5000;

export interface ServerLink {
  /** Base URL of the log server, e.g. `http://localhost:3000`. */
  url: string;
  /** This device's token from pairing. */
  token: string;
}

export interface SyncClientOptions {
  /** This device's id: the `device` of every record it writes. */
  device: string;
  store: ClientStore;
  /** Absent while the device is not paired: the client then works offline only. */
  server?: ServerLink;
  fetch?: FetchLike;
  /**
   * Opens the live stream, for `follow()` (which needs it): `openWithFetch(fetch)` in Node and
   * browsers. Not a default, so an app that never follows bundles no EventSource.
   */
  openEventSource?: OpenEventSource;
  /** Wall clock in ms, for record times. */
  now?: () => number;
  /** Records per pull page (the server may cap it lower); default 1000. */
  pageSize?: number;
  /** Records per page while the replica is empty (a first sync); default `BULK_PAGE_SIZE`. */
  bulkPageSize?: number;
}

export interface PushResult {
  /** Records sent, including resends the server already had. */
  sent: number;
  accepted: number;
  duplicates: number;
  batches: number;
}

export interface PullResult {
  /** Records of the user's other devices received. */
  received: number;
  pages: number;
}

/** How far a pull has come, after each stored page. */
export interface PullProgress extends PullResult {
  /** `t` of the first record this pull received. */
  firstT: number | undefined;
  /** `t` of the last record received; pages come in merged order, so this only grows. */
  lastT: number | undefined;
}

export interface PullOptions {
  onProgress?: (progress: PullProgress) => void;
}

export interface FollowOptions {
  onState?: (state: FollowState, detail?: { retryInMs?: number; attempt?: number }) => void;
  /** After each pull the stream caused (or the first one after connecting). */
  onSynced?: (pull: PullResult) => void;
  /** Push and pull failures while following; following goes on. */
  onError?: (error: unknown) => void;
  backoff?: BackoffOptions;
  random?: () => number;
}

export interface Follower {
  stop(): void;
}

/**
 * The server's kept view, or none when it could not be read (a server without it, a state of
 * another version, the network): the store then folds the records it pulled itself, which is
 * slower but keeps the same view.
 */
function viewOrNone(view: Promise<LogViewState>): Promise<LogViewState | undefined> {
  return view.catch(() => undefined);
}

/** Whether `cursor` reaches every other device's head in `state` (none: nothing to reach). */
function coveredBy(state: LogViewState | undefined, cursor: Cursor, self: string): boolean {
  if (!state) return true;
  return Object.entries(state.heads).every(
    ([device, head]) => device === self || (cursor[device] ?? Number.NEGATIVE_INFINITY) >= head,
  );
}

/** The sync client of one device: its own log, a replica of the others, and the server link. */
export class SyncClient {
  readonly device: string;
  readonly store: ClientStore;
  readonly #api: SyncApi | undefined;
  readonly #options: SyncClientOptions;
  readonly #appending = new Serial();
  readonly #pushing = new Serial();
  readonly #pulling = new Serial();
  #clock: DeviceClock | undefined;

  constructor(options: SyncClientOptions) {
    this.device = options.device;
    this.store = options.store;
    this.#options = options;
    this.#api = options.server
      ? new SyncApi(options.server.url, options.server.token, options.fetch)
      : undefined;
  }

  /** Whether this client has a server to sync with. */
  get paired(): boolean {
    return this.#api !== undefined;
  }

  /**
   * Stamps drafts with this device and strictly increasing times and appends them to the own
   * log, after checking each against the record rules and size limit (nothing is stored if one
   * fails). Works offline; `push()` sends them later.
   */
  append(drafts: readonly RecordDraft[]): Promise<LogRecord[]> {
    return this.#appending.run(async () => {
      if (!this.#clock) this.#clock = new DeviceClock(await this.store.lastOwnTime());
      const clock = this.#clock;
      const now = (this.#options.now ?? Date.now)();
      const records: LogRecord[] = [];
      const json: string[] = [];
      for (let i = 0; i < drafts.length; i++) {
        const record = { device: this.device, t: clock.next(now), ...drafts[i] };
        const checked =
          validateRecordFast(record) ??
          (await validateRecordLazily(record, drafts.length > 1 ? i : undefined));
        if (!checked.ok) {
          this.#clock = undefined; // the times handed out were not used; re-read the log
          throw new RangeError(checked.error.message);
        }
        records.push(checked.record);
        json.push(checked.json);
      }
      await this.store.appendOwn(records, json);
      return records;
    });
  }

  /**
   * Sends the own records the server has not acknowledged, in batches within the protocol
   * limits, and moves the acknowledged point only from the server's answer. Concurrent calls run
   * one after another; after a crash the unacknowledged tail is sent again, which the server
   * counts as duplicates.
   */
  push(): Promise<PushResult> {
    const api = this.#requireApi('push');
    return this.#pushing.run(async () => {
      const result: PushResult = { sent: 0, accepted: 0, duplicates: 0, batches: 0 };
      for (;;) {
        const pending = await this.#unacked();
        const n = nextBatchLength(pending.json);
        if (n === 0) return result;
        const last = (pending.records[n - 1] as LogRecord).t;
        const answer = await api.postRecordsJson(pending.json.slice(0, n));
        if (typeof answer.head !== 'number' || answer.head < last) {
          throw new SyncError(
            `the server answered head ${answer.head} after storing records up to ${last}`,
            0,
            'bad_response',
          );
        }
        await this.store.setAcked(last);
        result.sent += n;
        result.accepted += answer.accepted;
        result.duplicates += answer.duplicates;
        result.batches++;
      }
    });
  }

  /**
   * Fetches the records of the user's other logs after the stored cursor, page by page, storing
   * each page together with the cursor after it. The device's own log is asked for only after
   * what the server acknowledged, so its own records do not come back. A first sync (nothing
   * replicated yet) asks for bigger pages; the next page is always fetched while the last one is
   * stored. A store that can (`takeView`) takes the server's kept view on a first sync instead
   * of folding each record, and stores the pages unfolded.
   */
  pull(options: PullOptions = {}): Promise<PullResult> {
    const api = this.#requireApi('pull');
    return this.#pulling.run(async () => {
      const { store } = this;
      const result: PullResult = { received: 0, pages: 0 };
      const [stored, acked, unsent] = await Promise.all([
        store.cursor(),
        store.acked(),
        store.unackedCount(),
      ]);
      const skipOwn = (cursor: Cursor): Cursor =>
        acked !== undefined && !((cursor[this.device] ?? -1) >= acked)
          ? { ...cursor, [this.device]: acked }
          : cursor;
      const first = Object.keys(stored).every((device) => device === this.device);
      // Also a first sync that was cut short: its view still lags the pages it stored.
      const taking =
        store.putReplicaUnfolded !== undefined &&
        store.takeView !== undefined &&
        (first || ((await store.viewLags?.()) ?? false));
      const limit =
        first || taking
          ? (this.#options.bulkPageSize ?? BULK_PAGE_SIZE)
          : (this.#options.pageSize ?? 1000);
      let firstT: number | undefined;
      let fetching = api.getRecords(skipOwn(stored), limit, unsent);
      // Asked after the first page: the server answers a device's reads in turn, and the first
      // page is then stored while it makes the view.
      const view = taking ? api.getView() : undefined;
      // Awaited once the pages are in; until then a failure must not count as unhandled.
      view?.catch(() => undefined);
      for (;;) {
        const page = await fetching;
        const others = this.#othersOf(page);
        let more = page.more && page.records.length > 0;
        // The view may have been read after the last page: then it holds records of some
        // device past the pages, and the pull goes on until it has them.
        if (view && !more && page.records.length > 0) {
          more = !coveredBy(await viewOrNone(view), page.cursor, this.device);
        }
        if (more) {
          fetching = api.getRecords(skipOwn(page.cursor), limit);
          fetching.catch(() => undefined);
        }
        if (taking) await store.putReplicaUnfolded?.(others.records, page.cursor, others.json);
        else await store.putReplica(others.records, page.cursor, others.json);
        result.received += others.records.length;
        result.pages++;
        firstT ??= page.records[0]?.t;
        options.onProgress?.({ ...result, firstT, lastT: page.records.at(-1)?.t });
        if (!more) break;
      }
      if (view) await store.takeView?.(await viewOrNone(view));
      return result;
    });
  }

  /**
   * The unacknowledged own records (a batch's worth) with their canonical JSON: as the store
   * keeps it when it can say, else encoded here, once.
   */
  async #unacked(): Promise<{ records: LogRecord[]; json: string[] }> {
    if (this.store.unackedJson) return this.store.unackedJson(LIMITS.batchRecords);
    const records = await this.store.unacked(LIMITS.batchRecords);
    return { records, json: records.map(canonicalJson) };
  }

  /** The records of a page (checked as it was read) that belong to other devices. */
  #othersOf(page: RecordsPage): { records: LogRecord[]; json: string[] } {
    const records: LogRecord[] = [];
    const json: string[] = [];
    page.records.forEach((record, i) => {
      if (record.device === this.device) return;
      records.push(record);
      json.push(page.json[i] as string);
    });
    return { records, json };
  }

  /** Push, then pull. */
  async sync(options: PullOptions = {}): Promise<{ push: PushResult; pull: PullResult }> {
    const push = await this.push();
    const pull = await this.pull(options);
    return { push, pull };
  }

  /** The user's devices with their names, as the server knows them. */
  devices(): Promise<DeviceInfo[]> {
    return this.#requireApi('list devices').getDevices();
  }

  /** The server's heads, `{ <device>: <t> }`. */
  heads(): Promise<Record<string, number>> {
    return this.#requireApi('read heads').getHeads();
  }

  /**
   * Follows the live stream: pulls after each "log updated" event from another device, and
   * syncs (push, then pull) each time the connection opens — so records written offline go out
   * when the network returns. Reconnects with jittered exponential backoff.
   */
  follow(options: FollowOptions = {}): Follower {
    const api = this.#requireApi('follow the stream');
    const open = this.#options.openEventSource;
    if (!open) {
      throw new TypeError(
        'cannot follow the stream: SyncClient was made without openEventSource (e.g. openWithFetch())',
      );
    }
    let pulling = false;
    let again = false;
    const report = (error: unknown) => options.onError?.(error);
    const pullNow = async (pushFirst: boolean) => {
      if (pulling) {
        again = true;
        return;
      }
      pulling = true;
      try {
        do {
          again = false;
          if (pushFirst) await this.push();
          pushFirst = false;
          // Not `onSynced?.(await this.pull())`: optional chaining would skip the pull itself.
          const pulled = await this.pull();
          options.onSynced?.(pulled);
        } while (again);
      } catch (error) {
        report(error);
      } finally {
        pulling = false;
      }
    };
    const stop = keepStreamOpen(
      {
        url: `${api.baseUrl}/v1/stream`,
        headers: api.authHeaders(),
        open,
        backoff: options.backoff,
        random: options.random,
      },
      {
        onOpen: () => void pullNow(true),
        onHead: (event: StreamEvent) => {
          if (event.device !== this.device) void pullNow(false);
        },
        onState: (state, detail) => options.onState?.(state, detail),
        onRefused: (status) =>
          report(
            new SyncError(
              `the server refused this device's token on the stream (${status}); following stopped — pair again`,
              status,
              status === 401 ? 'unauthorized' : 'forbidden',
            ),
          ),
      },
    );
    return { stop };
  }

  /** Own and replicated records in merged order (by `t`, ties by device id). */
  async records(): Promise<LogRecord[]> {
    const [own, replica] = await Promise.all([
      this.store.ownRecords(),
      this.store.replicaRecords(),
    ]);
    return [...mergeLogsSync([own, replica])];
  }

  /**
   * The user's view over own and replicated records: answers (a person's beats a device's, the
   * later wins, renames and deletions applied), tag metadata, configuration and statistics.
   * A read of the store's kept state. That state counts error and event days in UTC, and a
   * day in another zone cannot be told from UTC day counts, so a view asked in another zone is
   * folded from the records: recounting only the errors and events would still read and parse
   * every record, most of the fold's cost. Only `diagnostics()` depends on the zone; `viewStats`
   * and `viewPingStatus` take their zone per call, so ask for the UTC view to use them.
   */
  async view(options: LogViewOptions = {}): Promise<LogView> {
    const timeZone = options.timeZone ?? 'UTC';
    if (timeZone === 'UTC') return LogView.from(await this.store.viewState(), { timeZone });
    return foldLog(await this.records(), options);
  }

  /** Local facts for `status`: unsynced count and the local head of each log. */
  async localStatus(): Promise<{ unsynced: number; heads: Record<string, number> }> {
    const [unsynced, cursor, last] = await Promise.all([
      this.store.unackedCount(),
      this.store.cursor(),
      this.store.lastOwnTime(),
    ]);
    const heads: Record<string, number> = { ...cursor };
    if (last !== undefined) heads[this.device] = last;
    return { unsynced, heads };
  }

  #requireApi(what: string): SyncApi {
    if (!this.#api) {
      throw new SyncError(
        `cannot ${what}: this device is not paired with a server yet`,
        0,
        'not_paired',
      );
    }
    return this.#api;
  }
}
