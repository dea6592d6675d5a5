import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../src/backoff.js';

describe('backoffDelay', () => {
  const options = { baseMs: 100, maxMs: 10_000 };

  it('doubles its cap per attempt up to the maximum, with half of it random', () => {
    expect(backoffDelay(0, options, () => 0)).toBe(50);
    expect(backoffDelay(0, options, () => 1)).toBe(100);
    expect(backoffDelay(3, options, () => 0)).toBe(400);
    expect(backoffDelay(3, options, () => 1)).toBe(800);
    expect(backoffDelay(20, options, () => 1)).toBe(10_000);
    expect(backoffDelay(1000, options, () => 0)).toBe(5000);
  });

  it('stays within [cap/2, cap] for any attempt and random value', () => {
    fc.assert(
      fc.property(fc.nat(100), fc.double({ min: 0, max: 1, noNaN: true }), (attempt, r) => {
        const cap = Math.min(options.maxMs, options.baseMs * 2 ** Math.min(attempt, 30));
        const delay = backoffDelay(attempt, options, () => r);
        expect(delay).toBeGreaterThanOrEqual(Math.floor(cap / 2));
        expect(delay).toBeLessThanOrEqual(cap);
      }),
    );
  });

  it('spreads devices that retry together', () => {
    let seed = 1;
    const random = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(5, options, random)));
    expect(delays.size).toBeGreaterThan(40);
  });
});
