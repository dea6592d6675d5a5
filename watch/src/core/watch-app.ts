import { DeviceClock, type LogRecord, type RecordDraft } from '@tagtime/log/compact';
import { type AlarmPort, nextAlarmPing, pingFromParam, reconcileAlarm } from './alarm.js';
import { AUTO_TAGS, isQuiet } from './config.js';
import type { FileStore } from './files.js';
import { duePings, markAnswered, missedPings } from './ledger.js';
import { makePages } from './pages.js';
import {
  asProtocolError,
  isProtocolError,
  PROTOCOL_VERSION,
  type PullAnswer,
  type PushAnswer,
} from './protocol.js';
import { type KeyValue, loadState, saveState, type WatchState } from './state.js';
import { rankTags, renamed } from './suggestions.js';
import { WATCH_DEVICE, WatchLog } from './watch-log.js';

export const LOG_PATH = 'tagtime.log';

/** Everything the watch app touches, as ports: `@zos/*` on the watch, fakes in tests. */
export interface WatchPorts {
  files: FileStore;
  storage: KeyValue;
  alarms: AlarmPort;
  /** Wall clock, unix ms. */
  now(): number;
  /** The watch's time zone, minutes east of UTC. */
  offsetMinutes(): number;
  /** A request to the phone's side service (zml `request`); rejects when it is unreachable. */
  request(method: string, params: unknown): Promise<unknown>;
}

export interface SyncOutcome {
  ok: boolean;
  /** Records the server now has that it did not before this sync. */
  sent: number;
  /** Requests made (push pages + the pull). */
  messages: number;
  error?: string;
}

const TAG_PATTERN = /^\S{1,64}$/;

/**
 * The watch app's logic over its ports: the log, the one alarm, the ledger of answered pings, and
 * sync through the phone. The Zepp pages are a thin layer over this; tests drive it directly.
 */
export class WatchApp {
  readonly ports: WatchPorts;
  readonly log: WatchLog;
  state: WatchState;
  #clock: DeviceClock;
  #syncing: Promise<SyncOutcome> | undefined;

  constructor(ports: WatchPorts) {
    this.ports = ports;
    const nowSeconds = Math.floor(ports.now() / 1000);
    this.state = loadState(ports.storage, nowSeconds);
    const { log, report } = WatchLog.open(ports.files, {
      path: LOG_PATH,
      acked: this.state.acked ?? undefined,
    });
    this.log = log;
    const last = Math.max(log.lastTime() ?? 0, this.state.lastT ?? 0, this.state.acked ?? 0);
    this.#clock = new DeviceClock(last > 0 ? last : undefined);
    // Answers written just before a crash are in the log but maybe not yet in the ledger.
    for (const record of log.unacked()) {
      if (record.kind === 'ping' && !record.body.auto) {
        this.state.ledger = markAnswered(this.state.ledger, record.body.ping);
      }
    }
    const data: Record<string, number | string> = { records: report.records, bytes: report.bytes };
    if (report.tornTail) data.torn = 1;
    if (report.recovered !== 'none') data.recovered = report.recovered;
    this.#append([{ kind: 'event', body: { name: 'app-start', data } }]);
  }

  nowSeconds(): number {
    return Math.floor(this.ports.now() / 1000);
  }

  /** At every start: auto answers for old missed pings, then the one alarm. */
  start(): void {
    this.autoAnswer();
    this.rearm();
  }

  /** Writes `auto` answers for pings unanswered past the threshold. */
  autoAnswer(): number {
    const { due, ledger } = duePings(this.state.ledger, this.state.config, this.nowSeconds());
    if (due.length > 0) {
      this.#append(
        due.map((ping) => ({ kind: 'ping', body: { ping, tags: [...AUTO_TAGS], auto: true } })),
      );
    }
    this.state.ledger = ledger;
    this.#save();
    return due.length;
  }

  /** Reconciles the one pending alarm (start, after a firing, after clock or zone changes). */
  rearm(): void {
    const after = Math.max(this.nowSeconds(), this.state.lastRung ?? 0);
    const target = nextAlarmPing(after, this.state.config, this.ports.offsetMinutes());
    const result = reconcileAlarm(this.ports.alarms, this.state.alarm ?? undefined, target);
    this.state.alarm = result.alarm ?? null;
    if (result.failures.length > 0 || (target !== undefined && !result.alarm)) {
      this.#append([
        {
          kind: 'error',
          body: {
            message: result.alarm ? 'alarm reconcile had failures' : 'could not set the alarm',
            context: { failures: result.failures.join('; ').slice(0, 500), target: target ?? 0 },
          },
        },
      ]);
    }
    this.#save();
  }

  /**
   * The ping page opened: `params` are whatever reached `onCreate`/`onInit` (maybe nothing). Logs
   * the firing, re-arms, and says which ping to ask and whether to vibrate.
   */
  ring(...params: unknown[]): { ping: number; vibrate: boolean; fromAlarm: boolean } {
    const retro = params.some((p) => typeof p === 'string' && p.includes('"retro":true'));
    if (retro) {
      // Opened from the missed list: an answer after the fact, no alarm rang.
      const ping = pingFromParam(...params) ?? this.nowSeconds();
      return { ping, vibrate: false, fromAlarm: false };
    }
    const fromParam = pingFromParam(...params);
    const now = this.nowSeconds();
    const ping = fromParam ?? missedPings(this.state.ledger, this.state.config, now)[0] ?? now;
    if (fromParam !== undefined) {
      this.state.lastRung = Math.max(this.state.lastRung ?? 0, fromParam);
      this.#append([{ kind: 'event', body: { name: 'alarm', data: { ping: fromParam } } }]);
    }
    this.rearm();
    const quiet = isQuiet(ping, this.state.config.quiet, this.ports.offsetMinutes());
    return { ping, vibrate: fromParam !== undefined && !quiet, fromAlarm: fromParam !== undefined };
  }

  /** Records an answer to `ping` (its scheduled time, not the answer time). */
  answer(ping: number, tags: readonly string[], note?: string): LogRecord {
    const clean = [...new Set(tags)];
    if (clean.length === 0) throw new RangeError('an answer needs at least one tag');
    for (const tag of clean) {
      if (!TAG_PATTERN.test(tag)) throw new RangeError(`"${tag}" is not a tag (1–64, no spaces)`);
    }
    const body: { ping: number; tags: string[]; note?: string } = { ping, tags: clean };
    if (note) body.note = note.slice(0, 200);
    const [record] = this.#append([{ kind: 'ping', body }]);
    this.state.ledger = markAnswered(this.state.ledger, ping);
    this.state.recent = [
      { ping, tags: clean, ...(body.note ? { note: body.note } : {}) },
      ...this.state.recent.filter((r) => r.ping !== ping),
    ].slice(0, 5);
    this.#save();
    return record as LogRecord;
  }

  /** Tags for the ping page, best first: the phone's ranking plus the answers it has not seen. */
  rankedTags(limit = 24): string[] {
    const seen = this.state.snapshotAcked;
    const local = [];
    for (const record of this.log.records()) {
      if (record.kind === 'ping' && (seen === null || record.t > seen)) local.push(record.body);
    }
    return rankTags(this.state.snapshot, local, this.nowSeconds(), limit);
  }

  /** The last human answer's tags, renamed as the phone says (for "same as last"). */
  sameAsLast(): string[] | undefined {
    const last = this.state.recent[0];
    return last?.tags.map((tag) => renamed(tag, this.state.snapshot.renames));
  }

  missed(): number[] {
    return missedPings(this.state.ledger, this.state.config, this.nowSeconds());
  }

  unsynced(): number {
    return this.log.unacked().length;
  }

  /**
   * Sends the unacknowledged records page by page, dropping each acknowledged prefix from the
   * file, then pulls the tag ranking and settings. Concurrent calls share one run.
   */
  sync(): Promise<SyncOutcome> {
    if (!this.#syncing) {
      this.#syncing = this.#sync().finally(() => {
        this.#syncing = undefined;
      });
    }
    return this.#syncing;
  }

  async #sync(): Promise<SyncOutcome> {
    const outcome: SyncOutcome = { ok: false, sent: 0, messages: 0 };
    const pending = this.state.pendingSyncEvent;
    if (pending) {
      this.#append([{ kind: 'event', body: { name: 'sync', data: pending } }]);
      this.state.pendingSyncEvent = null;
      this.#save();
    }
    try {
      for (const page of makePages(this.log.unacked())) {
        outcome.messages++;
        const answer = (await this.ports.request('push', {
          v: PROTOCOL_VERSION,
          page: page.base64,
          count: page.count,
          more: page.more,
        })) as PushAnswer;
        if (typeof answer?.acked !== 'number' || answer.acked < page.last) {
          throw {
            code: 'rejected',
            message: `the phone stored only part of a page (${answer?.acked})`,
          };
        }
        outcome.sent += answer.accepted;
        this.#acknowledge(answer.acked);
      }
      outcome.messages++;
      const pulled = (await this.ports.request('pull', {
        v: PROTOCOL_VERSION,
        unsynced: this.unsynced(),
        acked: this.state.acked,
      })) as PullAnswer;
      this.state.snapshot = pulled.snapshot;
      this.state.snapshotAcked = this.state.acked;
      this.state.config = pulled.config;
      this.state.device = pulled.device;
      this.state.lastSync = this.ports.now();
      this.state.syncError = null;
      outcome.ok = true;
      this.state.pendingSyncEvent = {
        ok: true,
        sent: outcome.sent,
        messages: outcome.messages,
      };
      this.#save();
      this.rearm(); // the schedule or quiet hours may have changed
    } catch (error) {
      const problem = isProtocolError(error) ? error : asProtocolError(error);
      outcome.error = problem.message;
      const repeated = this.state.syncError?.code === problem.code;
      this.state.syncError = { code: problem.code, message: problem.message, at: this.ports.now() };
      // The same failure again (offline all day) is written once, not at every wake-up.
      if (!repeated) this.state.pendingSyncEvent = { ok: false, code: problem.code };
      this.#save();
    }
    return outcome;
  }

  #acknowledge(acked: number): void {
    // The point is saved before compaction, so a crash in between only leaves records that
    // reading skips; compaction then drops them from the file.
    this.state.acked = Math.max(this.state.acked ?? 0, acked);
    this.#save();
    this.log.compact(this.state.acked);
  }

  #append(drafts: RecordDraft[]): LogRecord[] {
    const now = this.ports.now();
    const records = drafts.map(
      (draft) => ({ device: WATCH_DEVICE, t: this.#clock.next(now), ...draft }) as LogRecord,
    );
    try {
      this.log.append(records);
    } catch (error) {
      this.#reportStorageError(error, drafts[0]?.kind ?? 'record');
      throw error;
    }
    this.state.lastT = (records[records.length - 1] as LogRecord).t;
    return records;
  }

  /** A failed write goes into the log too, when the log can still take that much. */
  #reportStorageError(error: unknown, kind: string): void {
    const message = error instanceof Error ? error.message : String(error);
    const record = {
      device: WATCH_DEVICE,
      t: this.#clock.next(this.ports.now()),
      kind: 'error',
      body: { message: `storage error writing a ${kind}: ${message}`.slice(0, 300) },
    } as LogRecord;
    try {
      this.log.append([record]);
      this.state.lastT = record.t;
    } catch {
      // The flash refuses even this: the page tells the user, there is nowhere else to write.
    }
  }

  #save(): void {
    saveState(this.ports.storage, this.state);
  }
}
