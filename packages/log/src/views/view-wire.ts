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
 * A `LogViewState` in the form `GET /v1/view` sends it: each device id once, each ping slot and
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

/** The state in the packed form (a new value; the state is not changed). */
export function packViewState(state: LogViewState): PackedViewState {
  const devices = new DeviceIndex();
  const pings = packPings(state.pings, devices);
  return packRest(state, devices, pings);
}

/** Device ids numbered in the order they are first named. */
class DeviceIndex {
  readonly ids: string[] = [];
  readonly #index = new Map<string, number>();

  constructor(ids: readonly string[] = []) {
    for (const id of ids) this.of(id);
  }

  of(id: string): number {
    let i = this.#index.get(id);
    if (i === undefined) {
      i = this.ids.length;
      this.ids.push(id);
      this.#index.set(id, i);
    }
    return i;
  }
}

function packPings(pings: readonly KeptPing[], devices: DeviceIndex): PackedPing[] {
  const answer = (ping: number, kept: KeptAnswer | undefined): PackedAnswer | 0 => {
    if (!kept) return 0;
    const at: [number, number, string[]] = [
      devices.of(kept.device),
      kept.t - ping * 1000,
      kept.tags,
    ];
    return kept.note === undefined ? at : [...at, kept.note];
  };
  return pings.map(({ ping, human, auto, deleted }): PackedPing => {
    const packed: PackedPing = [ping, answer(ping, human), answer(ping, auto)];
    if (deleted) packed.push([devices.of(deleted.device), deleted.t - ping * 1000]);
    else while (packed.length > 1 && packed[packed.length - 1] === 0) packed.pop();
    return packed;
  });
}

/** The packed state around its pings (already packed, naming devices of `devices`). */
function packRest(state: LogViewState, devices: DeviceIndex, pings: PackedPing[]): PackedViewState {
  const diagnostics = state.diagnostics.map(
    ({ device: id, kind, day, count }): PackedCount => [devices.of(id), kind, day, count],
  );
  const { pings: _pings, diagnostics: _counts, ...rest } = state;
  return { ...rest, form: 'packed', devices: devices.ids, pings, diagnostics };
}

/** A view's packed pings as JSON, kept by `packedViewJson`'s caller between calls. */
export interface PackedPingsJson {
  /** The view's `pingsVersion` they were made at. */
  version: number;
  /** The devices they name, in index order. */
  devices: readonly string[];
  json: string;
}

/** What `packedViewJson` needs of a `LogView`. */
export interface PingVersionedView {
  readonly pingsVersion: number;
  state(options?: { pings?: boolean }): LogViewState;
}

/**
 * `JSON.stringify(packViewState(view.state()))`, made without the ping slots when `kept` (this
 * function's last `pings` for the same view) is of the view's current `pingsVersion`: they are
 * most of a heavy user's view, and an error or event changes only its counts and heads.
 */
export function packedViewJson(
  view: PingVersionedView,
  kept?: PackedPingsJson,
): { json: string; pings: PackedPingsJson } {
  let pings = kept;
  if (pings === undefined || pings.version !== view.pingsVersion) {
    const devices = new DeviceIndex();
    const json = JSON.stringify(packPings(view.state().pings, devices));
    pings = { version: view.pingsVersion, devices: devices.ids, json };
  }
  const devices = new DeviceIndex(pings.devices);
  const {
    pings: _none,
    diagnostics,
    ...head
  } = packRest(view.state({ pings: false }), devices, []);
  // The same keys in the same order as packViewState's: the head's, then pings, diagnostics.
  const json = `${JSON.stringify(head).slice(0, -1)},"pings":${pings.json},"diagnostics":${JSON.stringify(diagnostics)}}`;
  return { json, pings };
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
