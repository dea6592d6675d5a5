import type { ArmedAlarm } from './alarm.js';
import { DEFAULT_CONFIG, normaliseConfig, type WatchConfig } from './config.js';
import { normaliseLedger, type PingLedger } from './ledger.js';
import type { ProtocolErrorCode } from './protocol.js';
import { EMPTY_SNAPSHOT, type TagSnapshot } from './suggestions.js';

/** `@zos/storage` LocalStorage as a port. Values may come back as strings, whatever was stored. */
export interface KeyValue {
  getItem(key: string): unknown;
  setItem(key: string, value: string): void;
}

export interface RecentAnswer {
  ping: number;
  tags: string[];
  note?: string;
}

/**
 * What the watch keeps in LocalStorage, as one JSON value. The log file is the truth for records;
 * this holds small bookkeeping that survives compaction (the acknowledged point, the last `t`).
 */
export interface WatchState {
  acked: number | null;
  /** Highest record `t` ever written: after a compaction empties the file it is the only trace. */
  lastT: number | null;
  alarm: ArmedAlarm | null;
  /** The ping of the last alarm that rang, so a page opened early never re-arms for it. */
  lastRung: number | null;
  ledger: PingLedger;
  /** The last few human answers, newest first (home page, "same as last"). */
  recent: RecentAnswer[];
  snapshot: TagSnapshot;
  /** The watch's acknowledged point when the snapshot was made: later answers are added. */
  snapshotAcked: number | null;
  config: WatchConfig;
  /** The device name the console gave this watch, once paired. */
  device: string | null;
  /** Last successful sync, unix ms. */
  lastSync: number | null;
  syncError: { code: ProtocolErrorCode; message: string; at: number } | null;
  /** Sync outcome not yet written to the log (written when the next sync starts). */
  pendingSyncEvent: { ok: boolean; code?: string; sent?: number; messages?: number } | null;
  /**
   * Added to the watch's own clock to get the time the app uses, ms: the phone's time as taken
   * at the last sync (0 while they agree). The watch cannot set its system clock itself.
   */
  clockOffset: number;
  /** Why records were last set aside (the quarantine file holds them), for the home page. */
  setAside: { reason: string; at: number } | null;
}

export const STATE_KEY = 'tagtime.state';

export function initialState(nowSeconds: number): WatchState {
  return {
    acked: null,
    lastT: null,
    alarm: null,
    lastRung: null,
    ledger: normaliseLedger(undefined, nowSeconds),
    recent: [],
    snapshot: EMPTY_SNAPSHOT,
    snapshotAcked: null,
    config: DEFAULT_CONFIG,
    device: null,
    lastSync: null,
    syncError: null,
    pendingSyncEvent: null,
    clockOffset: 0,
    setAside: null,
  };
}

function num(value: unknown): number | null {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isSafeInteger(n) ? n : null;
}

/** Reads the state defensively: a missing or damaged value starts afresh rather than crash. */
export function loadState(storage: KeyValue, nowSeconds: number): WatchState {
  let raw: unknown = storage.getItem(STATE_KEY);
  if (typeof raw === 'string') {
    try {
      raw = JSON.parse(raw);
    } catch {
      raw = undefined;
    }
  }
  const base = initialState(nowSeconds);
  if (typeof raw !== 'object' || raw === null) return base;
  const s = raw as Record<string, unknown>;
  const alarm = s.alarm as { id?: unknown; ping?: unknown } | null;
  const alarmId = num(alarm?.id);
  const alarmPing = num(alarm?.ping);
  const snapshot = s.snapshot as TagSnapshot | undefined;
  return {
    acked: num(s.acked),
    lastT: num(s.lastT),
    alarm: alarmId !== null && alarmPing !== null ? { id: alarmId, ping: alarmPing } : null,
    lastRung: num(s.lastRung),
    ledger: normaliseLedger(s.ledger, nowSeconds),
    recent: Array.isArray(s.recent) ? (s.recent as RecentAnswer[]).slice(0, 5) : [],
    snapshot:
      snapshot && Array.isArray(snapshot.tags) && Array.isArray(snapshot.renames)
        ? snapshot
        : EMPTY_SNAPSHOT,
    snapshotAcked: num(s.snapshotAcked),
    config: s.config === undefined ? DEFAULT_CONFIG : normaliseConfig(s.config),
    device: typeof s.device === 'string' ? s.device : null,
    lastSync: num(s.lastSync),
    syncError: (s.syncError as WatchState['syncError']) ?? null,
    pendingSyncEvent: (s.pendingSyncEvent as WatchState['pendingSyncEvent']) ?? null,
    clockOffset: num(s.clockOffset) ?? 0,
    setAside: (s.setAside as WatchState['setAside']) ?? null,
  };
}

export function saveState(storage: KeyValue, state: WatchState): void {
  storage.setItem(STATE_KEY, JSON.stringify(state));
}
