import { DeviceClock, type LogRecord, type RecordDraft } from '@tagtime/log/compact';
import { type AlarmPort, nextAlarmPing, pingFromParam, reconcileAlarm } from './alarm.js';
import { AUTO_TAGS, isQuiet } from './config.js';
import type { FileStore } from './files.js';
import { duePings, markAnswered, missedPings } from './ledger.js';
import { clockEvent, offsetFromPhone, rewindLedger } from './phone-clock.js';
import type { Refusal } from './protocol.js';
import { Quarantine, setAsideError } from './quarantine.js';
import { type KeyValue, loadState, saveState, type WatchState } from './state.js';
import { rankTags, renamed } from './suggestions.js';
import { runSync, type SyncOutcome } from './sync.js';
import { WATCH_DEVICE, WatchLog } from './watch-log.js';

export type { SyncOutcome };

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

const TAG_PATTERN = /^\S{1,64}$/;

/**
 * The watch app's logic over its ports: the log, the one alarm, the ledger of answered pings, and
 * sync through the phone. The Zepp pages are a thin layer over this; tests drive it directly.
 */
export class WatchApp {
  readonly ports: WatchPorts;
  readonly log: WatchLog;
  readonly quarantine: Quarantine;
  state: WatchState;
  #clock: DeviceClock;
  #syncing: Promise<SyncOutcome> | undefined;
  /** A clock correction not yet written to the log (written once a sync's pages are through). */
  #clockChange: { from: number; to: number } | undefined;

  constructor(ports: WatchPorts) {
    this.ports = ports;
    const nowSeconds = Math.floor(ports.now() / 1000);
    this.state = loadState(ports.storage, nowSeconds);
    const { log, report } = WatchLog.open(ports.files, {
      path: LOG_PATH,
      acked: this.state.acked ?? undefined,
    });
    this.log = log;
    const opened = Quarantine.open(ports.files);
    this.quarantine = opened.quarantine;
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
    if (opened.torn || opened.recovered !== 'none') data.quarantineRecovered = 1;
    this.append([{ kind: 'event', body: { name: 'app-start', data } }]);
  }

  /** The time the app goes by: the watch's clock, corrected by the phone's at the last sync. */
  now(): number {
    return this.ports.now() + this.state.clockOffset;
  }

  nowSeconds(): number {
    return Math.floor(this.now() / 1000);
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
      this.append(
        due.map((ping) => ({ kind: 'ping', body: { ping, tags: [...AUTO_TAGS], auto: true } })),
      );
    }
    this.state.ledger = ledger;
    this.save();
    return due.length;
  }

  /** Reconciles the one pending alarm (start, after a firing, after clock or zone changes). */
  rearm(): void {
    const after = Math.max(this.nowSeconds(), this.state.lastRung ?? 0);
    const target = nextAlarmPing(after, this.state.config, this.ports.offsetMinutes());
    const result = reconcileAlarm(this.#alarms(), this.state.alarm ?? undefined, target);
    this.state.alarm = result.alarm ?? null;
    if (result.failures.length > 0 || (target !== undefined && !result.alarm)) {
      this.append([
        {
          kind: 'error',
          body: {
            message: result.alarm ? 'alarm reconcile had failures' : 'could not set the alarm',
            context: { failures: result.failures.join('; ').slice(0, 500), target: target ?? 0 },
          },
        },
      ]);
    }
    this.save();
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
      this.append([{ kind: 'event', body: { name: 'alarm', data: { ping: fromParam } } }]);
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
    const [record] = this.append([{ kind: 'ping', body }]);
    this.state.ledger = markAnswered(this.state.ledger, ping);
    this.state.recent = [
      { ping, tags: clean, ...(body.note ? { note: body.note } : {}) },
      ...this.state.recent.filter((r) => r.ping !== ping),
    ].slice(0, 5);
    this.save();
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
      this.#syncing = runSync(this).finally(() => {
        this.#syncing = undefined;
      });
    }
    return this.#syncing;
  }

  /** The server stored every record up to `acked`: drops them from the log. */
  acknowledge(acked: number): void {
    // The point is saved before compaction, so a crash in between only leaves records that
    // reading skips; compaction then drops them from the file.
    this.state.acked = Math.max(this.state.acked ?? 0, acked);
    this.save();
    this.log.compact(this.state.acked);
  }

  /** Appends records made now (the app's time, strictly increasing `t`). */
  append(drafts: RecordDraft[]): LogRecord[] {
    const now = this.now();
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
      t: this.#clock.next(this.now()),
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

  save(): void {
    saveState(this.ports.storage, this.state);
  }

  /**
   * Takes the phone's time from an answer. A difference beyond the tolerance becomes the clock
   * offset; when that moves the app's time back (the watch ran ahead), pings it counted as
   * handled after the new now are not, and the alarm is set again on the watch's own clock.
   */
  takePhoneTime(phoneNow: unknown, sentAt: number, receivedAt: number): void {
    const offset = offsetFromPhone(phoneNow, sentAt, receivedAt);
    if (offset !== undefined) this.#setOffset(offset);
  }

  /** The phone set the watch's own clock: no correction is needed any more. */
  clockSet(): void {
    this.#setOffset(0);
    this.rearm();
  }

  #setOffset(offset: number): void {
    if (Math.abs(offset - this.state.clockOffset) < CLOCK_STEP_MS) return;
    const before = this.now();
    this.#clockChange = { from: this.#clockChange?.from ?? this.state.clockOffset, to: offset };
    this.state.clockOffset = offset;
    const now = this.nowSeconds();
    if (this.now() < before) {
      this.state.ledger = rewindLedger(this.state.ledger, now);
      if ((this.state.lastRung ?? 0) > now) this.state.lastRung = now;
    }
    this.state.alarm = null; // set for the old offset: reconcile cancels it and sets a new one
    this.rearm();
  }

  /**
   * Moves refused records out of the log into the quarantine file (kept, listed on the watch):
   * first into the file, then out of the log, so a crash leaves them in both, never in neither.
   */
  setAside(refused: readonly Refusal[]): LogRecord[] {
    const times = new Set(refused.map((r) => r.t));
    const records = this.log.records().filter((r) => times.has(r.t));
    if (records.length === 0) return [];
    this.quarantine.add(records);
    this.log.remove(records.map((r) => r.t));
    this.state.setAside = { reason: refused[0]?.reason ?? 'refused', at: this.now() };
    this.save();
    return records;
  }

  /**
   * After records were set aside: later records follow the head the server knows (the log's
   * acknowledged point, or what is left in the log), not the set-aside ones, which may be far
   * ahead; then an `error` record names them, and a clock correction is written as an event.
   */
  reportSyncChanges(setAside: readonly LogRecord[], reason: string): void {
    if (setAside.length > 0) {
      const head = Math.max(this.state.acked ?? 0, this.log.lastTime() ?? 0);
      this.#clock = new DeviceClock(head > 0 ? head : undefined);
      this.state.lastT = head > 0 ? head : null;
      this.append([setAsideError(setAside, reason)]);
    }
    const change = this.#clockChange;
    if (change) {
      this.#clockChange = undefined;
      this.append([clockEvent(change.from, change.to)]);
    }
    this.save();
  }

  /** The alarms on the watch's own clock, which is `clockOffset` away from the app's time. */
  #alarms(): AlarmPort {
    const { alarms } = this.ports;
    const seconds = Math.round(this.state.clockOffset / 1000);
    if (seconds === 0) return alarms;
    return { ...alarms, set: (option) => alarms.set({ ...option, time: option.time - seconds }) };
  }
}

/** A new offset within this of the kept one is the same correction (latency moves it a little). */
const CLOCK_STEP_MS = 60_000;
