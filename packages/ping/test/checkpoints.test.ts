import { describe, expect, it } from 'vitest';
import { decodeCheckpoints, encodeCheckpoints } from '../src/checkpoint-code.js';
import { CHECKPOINT_CODE } from '../src/checkpoints.generated.js';
import { CHECKPOINT_INTERVAL, CHECKPOINT_UNTIL, universalCheckpoints } from '../src/generate.js';
import { buildCheckpoints, GAP, SEED, stepPing, URPING } from '../src/index.js';
import { universalCheckpointTable } from '../src/schedule.js';

const CHECKPOINTS = universalCheckpointTable();

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

describe('the compact checkpoint code', () => {
  const origin = { ping: URPING, seed: SEED };

  it('is the generator’s encoding of the walked table, and reads back to it', () => {
    expect(CHECKPOINT_CODE).toBe(encodeCheckpoints(universalCheckpoints(), GAP));
    expect(decodeCheckpoints(CHECKPOINT_CODE, origin, GAP, CHECKPOINT_INTERVAL)).toEqual(
      universalCheckpoints(),
    );
  });

  it('derives RNG states by jumping: exact for other seeds and intervals too', () => {
    for (const [seed, interval] of [
      [1, 1],
      [2147483646, 7],
      [11193462, 4096],
    ] as const) {
      const start = { ping: URPING, seed };
      const walked = buildCheckpoints(start, GAP, interval, URPING + 400 * interval * GAP);
      const code = encodeCheckpoints(walked, GAP);
      expect(decodeCheckpoints(code, start, GAP, interval)).toEqual(walked);
    }
  });

  it('refuses a table whose distances do not fit its digits', () => {
    const table = { interval: 1, points: [URPING, SEED, URPING + 10_000_000, SEED] };
    expect(() => encodeCheckpoints(table, GAP)).toThrow(/too far from the mean/);
  });
});
