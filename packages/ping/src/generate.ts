import { CHECKPOINT_INTERVAL, GAP, SEED, URPING } from './constants.js';
import { buildCheckpoints, type CheckpointTable } from './walker.js';

export { CHECKPOINT_INTERVAL };
/** The table covers pings until 2050-01-01; later times extend it lazily. */
export const CHECKPOINT_UNTIL = 2524608000;

/** The universal schedule's checkpoint table, computed by walking from URPING. */
export function universalCheckpoints(): CheckpointTable {
  return buildCheckpoints({ ping: URPING, seed: SEED }, GAP, CHECKPOINT_INTERVAL, CHECKPOINT_UNTIL);
}
