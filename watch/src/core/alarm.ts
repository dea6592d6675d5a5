import { isQuiet, type WatchConfig } from './config.js';
import { scheduleFor } from './schedule.js';

/** The page every ping alarm opens. */
export const PING_PAGE = 'page/ping/index.page';

/** `@zos/alarm` as a port. */
export interface AlarmPort {
  /** Returns the new alarm's id; 0 means the system refused. */
  set(option: { url: string; time: number; param: string; store: boolean }): number;
  /** Throws for an alarm that already fired (or never existed). */
  cancel(id: number): void;
  /** This app's pending alarms. */
  list(): unknown[];
}

/** The one alarm the app believes is pending, as kept in storage. */
export interface ArmedAlarm {
  id: number;
  ping: number;
}

/** Pings are looked for this far ahead; quiet hours longer than this leave no alarm. */
const LOOKAHEAD_SECONDS = 3 * 86400;

/**
 * The next ping to ring for: the first ping after `after` (unix seconds) outside the quiet hours.
 * Quiet pings are not rung at all; they wait in the missed list.
 */
export function nextAlarmPing(
  after: number,
  config: WatchConfig,
  offsetMinutes: number,
): number | undefined {
  const schedule = scheduleFor(config.schedule);
  let t = after;
  for (;;) {
    const ping = schedule.nextPing(t);
    if (ping > after + LOOKAHEAD_SECONDS) return undefined;
    if (!isQuiet(ping, config.quiet, offsetMinutes)) return ping;
    t = ping;
  }
}

/** Alarm ids as numbers: some firmware reads numbers back from storage as strings. */
export function normaliseId(id: unknown): number | undefined {
  const n = typeof id === 'string' ? Number(id.trim()) : id;
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : undefined;
}

export interface Reconciled {
  alarm: ArmedAlarm | undefined;
  /** Alarms cancelled because they were stray or for the wrong time. */
  cancelled: number;
  /** Cancels that threw (alarms that fired in between); the alarm is gone all the same. */
  failures: string[];
  changed: boolean;
}

/**
 * Makes the system hold exactly one alarm, for `target`: keeps the stored one when it is the only
 * pending alarm and rings at `target`, otherwise cancels every pending alarm (only ids the system
 * lists, since cancelling a fired alarm throws) and sets a new one. Called at every start, after
 * every firing and after clock or time-zone changes.
 */
export function reconcileAlarm(
  alarms: AlarmPort,
  stored: ArmedAlarm | undefined,
  target: number | undefined,
): Reconciled {
  const pending: number[] = [];
  for (const raw of alarms.list()) {
    const id = normaliseId(raw);
    if (id !== undefined && !pending.includes(id)) pending.push(id);
  }
  const storedId = normaliseId(stored?.id);
  if (
    target !== undefined &&
    storedId !== undefined &&
    stored?.ping === target &&
    pending.length === 1 &&
    pending[0] === storedId
  ) {
    return { alarm: { id: storedId, ping: target }, cancelled: 0, failures: [], changed: false };
  }
  const failures: string[] = [];
  let cancelled = 0;
  for (const id of pending) {
    try {
      alarms.cancel(id);
      cancelled++;
    } catch (error) {
      failures.push(`cancel(${id}): ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (target === undefined) return { alarm: undefined, cancelled, failures, changed: true };
  const param = JSON.stringify({ ping: target });
  let id = normaliseId(alarms.set({ url: PING_PAGE, time: target, param, store: true }));
  if (id === undefined) {
    failures.push(`set(${target}) was refused; retried once`);
    id = normaliseId(alarms.set({ url: PING_PAGE, time: target, param, store: true }));
  }
  return {
    alarm: id === undefined ? undefined : { id, ping: target },
    cancelled,
    failures,
    changed: true,
  };
}

/**
 * The ping an alarm rang for, from its `param` (which may arrive in `onCreate`, in `onInit`, as
 * a JSON string or an object, or not at all).
 */
export function pingFromParam(...candidates: unknown[]): number | undefined {
  for (const candidate of candidates) {
    let value = candidate;
    if (typeof value === 'string') {
      try {
        value = JSON.parse(value);
      } catch {
        continue;
      }
    }
    if (typeof value === 'object' && value !== null) {
      const ping = Number((value as { ping?: unknown }).ping);
      if (Number.isSafeInteger(ping) && ping > 0) return ping;
    } else if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) {
      return value;
    }
  }
  return undefined;
}
