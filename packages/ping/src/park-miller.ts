import { IA, IM } from './constants.js';

/** A point of a Park–Miller schedule: a ping time and the RNG state that produced it. */
export interface PingState {
  readonly ping: number;
  readonly seed: number;
}

/**
 * Advances a schedule by exactly one ping. `IA · seed` stays below 2^46, so doubles compute
 * it exactly; rounding is half-up like Perl's `int(x + .5)` (times are positive).
 */
export function stepPing(state: PingState, gap: number): PingState {
  const seed = (IA * state.seed) % IM;
  const x = state.ping - gap * Math.log(seed / IM);
  return { ping: Math.max(state.ping + 1, Math.floor(x + 0.5)), seed };
}
