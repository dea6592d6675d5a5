import type { DiagnosticCount } from './diagnostics.js';
import {
  checkLogViewState,
  type KeptAnswer,
  type KeptPing,
  type LOG_VIEW_STATE_VERSION,
  type LogViewState,
} from './view-state.js';

/** An answer as sent: `[device index, t − ping × 1000, tags, note?]`. */
export type PackedAnswer = [number, number, string[]] | [number, number, string[], string];

/**
 * One ping slot as sent: `[ping, human, auto, deleted]`, an absent one as 0 and trailing absent
 * ones left off; `deleted` is `[device index, t − ping × 1000]`.
 */
export type PackedPing = [number, (PackedAnswer | 0)?, (PackedAnswer | 0)?, [number, number]?];

/** `[device index, kind, day, count]`. */
export type PackedCount = [number, 'error' | 'event', string, number];

/**
 * A `LogViewState` in the form `GET /v1/view` sends it (made by view-pack.ts, which a reader's
 * bundle never needs): each device id once, each ping slot and
 * count a short array. A heavy user's view is a few times smaller than the state's JSON, so it
 * costs less to write, send and parse. `unpackViewState` gives the state back exactly.
 */
export interface PackedViewState extends Omit<LogViewState, 'pings' | 'diagnostics'> {
  form: 'packed';
  /** The device ids that `pings` and `diagnostics` name by index. */
  devices: string[];
  pings: PackedPing[];
  diagnostics: PackedCount[];
}

function fail(what: string): never {
  throw new TypeError(`packed LogView state: ${what}`);
}

const isInteger = (value: unknown): value is number => Number.isSafeInteger(value);

/**
 * The `LogViewState` a packed one holds, checked as it is read: a value that is not a packed
 * state of this version (a device index out of range, a tag that is not a string, …) is a
 * TypeError naming what is wrong.
 */
export function unpackViewState(value: unknown): LogViewState {
  const packed = value as Partial<PackedViewState> | null;
  if (packed?.form !== 'packed') fail('form is not "packed"');
  const { devices, pings, diagnostics } = packed;
  if (!Array.isArray(devices) || !devices.every((id) => typeof id === 'string')) {
    fail('devices is not a list of ids');
  }
  if (!Array.isArray(pings)) fail('pings is not a list');
  if (!Array.isArray(diagnostics)) fail('diagnostics is not a list');
  const device = (i: unknown): string =>
    isInteger(i) && i >= 0 && i < devices.length ? (devices[i] as string) : fail(`no device ${i}`);
  const answer = (ping: number, packedAnswer: unknown): KeptAnswer | undefined => {
    if (packedAnswer === 0 || packedAnswer === undefined) return undefined;
    if (!Array.isArray(packedAnswer)) fail(`ping ${ping}: an answer is not a list`);
    const [d, dt, tags, note] = packedAnswer as unknown[];
    if (!isInteger(dt)) fail(`ping ${ping}: an answer's t is not an integer`);
    if (!Array.isArray(tags) || !tags.every((tag) => typeof tag === 'string')) {
      fail(`ping ${ping}: tags are not strings`);
    }
    const kept: KeptAnswer = { device: device(d), t: ping * 1000 + dt, tags: tags as string[] };
    if (note !== undefined)
      kept.note = typeof note === 'string' ? note : fail(`ping ${ping}: note`);
    return kept;
  };
  const slots = pings.map((entry: unknown): KeptPing => {
    if (!Array.isArray(entry) || !isInteger(entry[0])) fail('a ping is not [ping, …]');
    const ping = entry[0] as number;
    const slot: KeptPing = { ping };
    const human = answer(ping, entry[1]);
    const auto = answer(ping, entry[2]);
    if (human) slot.human = human;
    if (auto) slot.auto = auto;
    const deleted = entry[3] as unknown;
    if (deleted !== undefined) {
      if (!Array.isArray(deleted) || !isInteger(deleted[1])) fail(`ping ${ping}: deleted`);
      slot.deleted = { device: device(deleted[0]), t: ping * 1000 + (deleted[1] as number) };
    }
    return slot;
  });
  const counts = diagnostics.map((entry: unknown): DiagnosticCount => {
    const [d, kind, day, count] = Array.isArray(entry) ? entry : fail('a count is not a list');
    if ((kind !== 'error' && kind !== 'event') || typeof day !== 'string' || !isInteger(count)) {
      fail('a count is not [device, kind, day, count]');
    }
    return { device: device(d), kind, day, count };
  });
  const { form: _form, devices: _devices, ...rest } = packed;
  const state = {
    ...rest,
    v: packed.v as typeof LOG_VIEW_STATE_VERSION,
    pings: slots,
    diagnostics: counts,
  } as LogViewState;
  checkLogViewState(state);
  return state;
}
