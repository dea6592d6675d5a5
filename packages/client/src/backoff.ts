export interface BackoffOptions {
  /** Delay cap of the first retry, in ms. */
  baseMs: number;
  /** Largest delay cap, in ms. */
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, maxMs: 60_000 };

/**
 * Delay before retry number `attempt` (0 for the first): exponential growth capped at `maxMs`,
 * with "equal jitter" — half the cap fixed, half random — so many devices coming back after one
 * outage spread out instead of reconnecting in lockstep, yet never retry at once.
 */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  const exponent = Math.min(Math.max(0, Math.floor(attempt)), 30);
  const cap = Math.min(options.maxMs, options.baseMs * 2 ** exponent);
  return Math.round(cap / 2 + random() * (cap / 2));
}
