// The packed form's writer: the server's side of GET /v1/view (readers only unpack: view-wire.ts).
import type { KeptAnswer, KeptPing, LogViewState } from './view-state.js';
import type { PackedAnswer, PackedCount, PackedPing, PackedViewState } from './view-wire.js';

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
