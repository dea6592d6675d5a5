export { GAP, IA, IM, SEED, TTW_SEED, URPING } from './constants.js';
export { type PingState, stepPing } from './park-miller.js';
export {
  createSchedule,
  SCHEDULE_NAMES,
  type Schedule,
  type ScheduleName,
  type ScheduleOptions,
  scheduleNamed,
  type TtwScheduleOptions,
  type UniversalScheduleOptions,
} from './schedule.js';
export { isTtwPing, ttwHash } from './ttw.js';
export { buildCheckpoints, type CheckpointTable } from './walker.js';

import { createSchedule } from './schedule.js';

const universal = createSchedule();

/** The universal schedule's smallest ping time strictly greater than `t` (unix seconds). */
export const nextPing = (t: number): number => universal.nextPing(t);
/** The universal schedule's largest ping time at or before `t` (unix seconds). */
export const prevPing = (t: number): number => universal.prevPing(t);
/** The universal schedule's pings `p` with `from ≤ p < to`, ascending. */
export const pingsBetween = (from: number, to: number): number[] =>
  universal.pingsBetween(from, to);
/** The universal schedule's pings strictly after `t`, ascending, without end. */
export const pingsAfter = (t: number): IterableIterator<number> => universal.pingsAfter(t);
