import { GAP, SEED, URPING } from './constants.js';
import { buildCheckpoints, type CheckpointTable } from './walker.js';

/** Checkpoint spacing: at most this many steps from cold, about 64 days of pings. */
export const CHECKPOINT_INTERVAL = 2048;
/** The table covers pings until 2050-01-01; later times extend it lazily. */
export const CHECKPOINT_UNTIL = 2524608000;

/** The universal schedule's checkpoint table, computed by walking from URPING. */
export function universalCheckpoints(): CheckpointTable {
  return buildCheckpoints({ ping: URPING, seed: SEED }, GAP, CHECKPOINT_INTERVAL, CHECKPOINT_UNTIL);
}
