import { CHECKPOINT_INTERVAL } from './constants.js';
import { type PingState, stepPing } from './park-miller.js';

/**
 * Checkpoints are a flat list `[ping0, seed0, ping1, seed1, …]` of the schedule's state every
 * `interval` pings, starting with ping number 0. Flat numbers keep the table small on the watch.
 */
export interface CheckpointTable {
  readonly interval: number;
  readonly points: readonly number[];
}

/**
 * Walks a schedule from its first ping, recording a checkpoint every `interval` pings until one
 * lies at or after `until`.
 */
export function buildCheckpoints(
  origin: PingState,
  gap: number,
  interval: number,
  until: number,
): CheckpointTable {
  const points: number[] = [origin.ping, origin.seed];
  let state = origin;
  for (let index = 1; (points[points.length - 2] as number) < until; index++) {
    state = stepPing(state, gap);
    if (index % interval === 0) points.push(state.ping, state.seed);
  }
  return { interval, points };
}

/**
 * Finds pings of one Park–Miller schedule quickly: it starts from the nearest checkpoint at or
 * before a time, extends the table lazily past its end, and remembers the last position so
 * that successive nearby queries (a watch waking up each ping) step only a few pings.
 */
export class ScheduleWalker {
  private readonly points: number[];
  private readonly interval: number;
  private cursor: PingState;

  constructor(
    private readonly origin: PingState,
    private readonly gap: number,
    table?: CheckpointTable,
  ) {
    this.interval = table?.interval ?? CHECKPOINT_INTERVAL;
    this.points = table ? [...table.points] : [origin.ping, origin.seed];
    if (this.points[0] !== origin.ping || this.points[1] !== origin.seed) {
      throw new Error('checkpoint table does not start at the schedule origin');
    }
    this.cursor = origin;
  }

  get first(): number {
    return this.origin.ping;
  }

  /** The state of the last ping at or before `t` (requires `t ≥ first`). */
  stateAtOrBefore(t: number): PingState {
    const checkpoint = this.checkpointAtOrBefore(t);
    let state =
      this.cursor.ping <= t && this.cursor.ping > checkpoint.ping ? this.cursor : checkpoint;
    for (let next = stepPing(state, this.gap); next.ping <= t; next = stepPing(next, this.gap)) {
      state = next;
    }
    this.cursor = state;
    return state;
  }

  /** The ping after `state`. */
  step(state: PingState): PingState {
    return stepPing(state, this.gap);
  }

  private checkpointAtOrBefore(t: number): PingState {
    this.extendTo(t);
    const count = this.points.length / 2;
    let lo = 0;
    let hi = count - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.points[mid * 2] as number) <= t) lo = mid;
      else hi = mid - 1;
    }
    return { ping: this.points[lo * 2] as number, seed: this.points[lo * 2 + 1] as number };
  }

  /** Appends checkpoints until the table's last one is past `t` (no-op inside the table). */
  private extendTo(t: number): void {
    let ping = this.points[this.points.length - 2] as number;
    let seed = this.points[this.points.length - 1] as number;
    while (ping <= t) {
      let state: PingState = { ping, seed };
      for (let i = 0; i < this.interval; i++) state = stepPing(state, this.gap);
      ping = state.ping;
      seed = state.seed;
      this.points.push(ping, seed);
    }
  }
}
