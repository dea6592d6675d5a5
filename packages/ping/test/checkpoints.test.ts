import { describe, expect, it } from 'vitest';
import { CHECKPOINTS } from '../src/checkpoints.generated.js';
import { CHECKPOINT_INTERVAL, CHECKPOINT_UNTIL, universalCheckpoints } from '../src/generate.js';
import { GAP, SEED, stepPing, URPING } from '../src/index.js';

describe('the committed checkpoint table', () => {
  it('is exactly what the package’s own walk from URPING generates', () => {
    expect(CHECKPOINTS).toEqual(universalCheckpoints());
  });

  it('covers 2007 to 2050 at the declared interval', () => {
    const { points, interval } = CHECKPOINTS;
    expect(interval).toBe(CHECKPOINT_INTERVAL);
    expect(points.slice(0, 2)).toEqual([URPING, SEED]);
    expect(points.at(-2)).toBeGreaterThanOrEqual(CHECKPOINT_UNTIL);
    // Spot-check one entry by stepping from its predecessor.
    let state = { ping: points[200] as number, seed: points[201] as number };
    for (let i = 0; i < interval; i++) state = stepPing(state, GAP);
    expect([state.ping, state.seed]).toEqual([points[202], points[203]]);
  });
});
