/** Constants of the universal ping schedule (see shared/ping-schedule.md). */

/** The first ping, unix seconds: 2007-07-10 19:56:33 UTC. */
export const URPING = 1184097393;
/** Park–Miller RNG state at URPING. */
export const SEED = 11193462;
/** Park–Miller "minimal standard" multiplier. */
export const IA = 16807;
/** Park–Miller modulus, 2^31 − 1. */
export const IM = 2147483647;
/** Mean gap between pings, seconds (45 minutes). */
export const GAP = 2700;
/** Seed of TagTime Web's stateless schedule. */
export const TTW_SEED = 12345;
/** Spacing of the universal schedule's checkpoint table: a cold query steps at most this many pings. */
export const CHECKPOINT_INTERVAL = 2048;
