import { decodeCheckpoints } from './checkpoint-code.js';
import { CHECKPOINT_CODE } from './checkpoints.generated.js';
import { CHECKPOINT_INTERVAL, GAP, SEED, TTW_SEED, URPING } from './constants.js';
import { isTtwPing } from './ttw.js';
import { type CheckpointTable, ScheduleWalker } from './walker.js';

/** A ping schedule: every function takes and returns integer unix seconds. */
export interface Schedule {
  /** `universal` (the original TagTime's, the default) or `ttw` (TagTime Web's). */
  readonly kind: 'universal' | 'ttw';
  /** Mean gap between pings, seconds. */
  readonly gap: number;
  /** The smallest ping time strictly greater than `t`. */
  nextPing(t: number): number;
  /** The largest ping time less than or equal to `t`; throws RangeError before the first ping. */
  prevPing(t: number): number;
  /** All pings `p` with `from ≤ p < to`, ascending. */
  pingsBetween(from: number, to: number): number[];
  /** Pings strictly after `t`, ascending, without end. */
  pingsAfter(t: number): IterableIterator<number>;
}

export interface UniversalScheduleOptions {
  kind?: 'universal';
  /** Mean gap in seconds; default 2700. */
  gap?: number;
  /** RNG state at the first ping; default 11193462. */
  seed?: number;
  /** The first ping; default URPING. */
  urping?: number;
}

export interface TtwScheduleOptions {
  kind: 'ttw';
  /** Mean gap in seconds; default 2700. */
  gap?: number;
  /** FNV start value; default 12345. */
  seed?: number;
}

export type ScheduleOptions = UniversalScheduleOptions | TtwScheduleOptions;

function checkTime(name: string, t: number): void {
  if (!Number.isSafeInteger(t)) {
    throw new TypeError(`${name} must be an integer number of unix seconds (got ${t})`);
  }
}

function checkGap(gap: number): void {
  if (!Number.isFinite(gap) || gap <= 0) {
    throw new RangeError(`gap must be a positive number of seconds (got ${gap})`);
  }
}

function collect(schedule: Schedule, from: number, to: number): number[] {
  checkTime('from', from);
  checkTime('to', to);
  const pings: number[] = [];
  for (const ping of schedule.pingsAfter(from - 1)) {
    if (ping >= to) break;
    pings.push(ping);
  }
  return pings;
}

let universalTable: CheckpointTable | undefined;

/** The universal schedule's checkpoints, decoded once (at the first universal schedule made). */
export function universalCheckpointTable(): CheckpointTable {
  universalTable ??= decodeCheckpoints(
    CHECKPOINT_CODE,
    { ping: URPING, seed: SEED },
    GAP,
    CHECKPOINT_INTERVAL,
  );
  return universalTable;
}

function universalSchedule(options: UniversalScheduleOptions): Schedule {
  const gap = options.gap ?? GAP;
  const seed = options.seed ?? SEED;
  const urping = options.urping ?? URPING;
  checkGap(gap);
  checkTime('urping', urping);
  if (!Number.isInteger(seed) || seed <= 0 || seed >= 2147483647) {
    throw new RangeError(`seed must be an integer in 1…2147483646 (got ${seed})`);
  }
  const isUniversal = gap === GAP && seed === SEED && urping === URPING;
  const walker = new ScheduleWalker(
    { ping: urping, seed },
    gap,
    isUniversal ? universalCheckpointTable() : undefined,
  );
  const schedule: Schedule = {
    kind: 'universal',
    gap,
    nextPing(t) {
      checkTime('t', t);
      if (t < urping) return urping;
      return walker.step(walker.stateAtOrBefore(t)).ping;
    },
    prevPing(t) {
      checkTime('t', t);
      if (t < urping) throw new RangeError(`no ping at or before ${t}: the first is ${urping}`);
      return walker.stateAtOrBefore(t).ping;
    },
    pingsBetween: (from, to) => collect(schedule, from, to),
    *pingsAfter(t) {
      checkTime('t', t);
      let state = t < urping ? undefined : walker.stateAtOrBefore(t);
      if (!state) {
        state = { ping: urping, seed };
        yield urping;
      }
      for (;;) {
        state = walker.step(state);
        yield state.ping;
      }
    },
  };
  return schedule;
}

function ttwSchedule(options: TtwScheduleOptions): Schedule {
  const gap = options.gap ?? GAP;
  const seed = options.seed ?? TTW_SEED;
  checkGap(gap);
  checkTime('seed', seed);
  const schedule: Schedule = {
    kind: 'ttw',
    gap,
    nextPing(t) {
      checkTime('t', t);
      let p = t + 1;
      while (!isTtwPing(p, seed, gap)) p++;
      return p;
    },
    prevPing(t) {
      checkTime('t', t);
      let p = t;
      while (!isTtwPing(p, seed, gap)) {
        if (p <= 0) throw new RangeError(`no ping at or before ${t}`);
        p--;
      }
      return p;
    },
    pingsBetween: (from, to) => collect(schedule, from, to),
    *pingsAfter(t) {
      checkTime('t', t);
      for (let p = t + 1; ; p++) if (isTtwPing(p, seed, gap)) yield p;
    },
  };
  return schedule;
}

/** Builds a schedule; with no options, the universal one every TagTime client shares. */
export function createSchedule(options: ScheduleOptions = {}): Schedule {
  return options.kind === 'ttw' ? ttwSchedule(options) : universalSchedule(options);
}

/** The names a `schedule` config record may hold. */
export const SCHEDULE_NAMES = ['universal', 'ttw'] as const;
export type ScheduleName = (typeof SCHEDULE_NAMES)[number];

/** The default schedule of a name (`universal` or `ttw`). */
export function scheduleNamed(name: ScheduleName): Schedule {
  return name === 'ttw' ? createSchedule({ kind: 'ttw' }) : createSchedule();
}
