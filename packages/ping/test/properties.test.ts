import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createSchedule,
  GAP,
  nextPing,
  pingsAfter,
  pingsBetween,
  prevPing,
  SEED,
  scheduleNamed,
  stepPing,
  URPING,
} from '../src/index.js';

const Y2040 = 2208988800;
const time = fc.integer({ min: URPING, max: Y2040 });

/** The naive schedule: walk from URPING without any checkpoint or cache. */
function walkToPrev(t: number): { prev: number; next: number } {
  let state = { ping: URPING, seed: SEED };
  for (;;) {
    const next = stepPing(state, GAP);
    if (next.ping > t) return { prev: state.ping, next: next.ping };
    state = next;
  }
}

describe('universal schedule properties', () => {
  it('prevPing(t) ≤ t < nextPing(t), and nextPing(prevPing(t)) > t', () => {
    fc.assert(
      fc.property(time, (t) => {
        const prev = prevPing(t);
        const next = nextPing(t);
        expect(prev).toBeLessThanOrEqual(t);
        expect(next).toBeGreaterThan(t);
        expect(nextPing(prev)).toBeGreaterThan(t);
        expect(nextPing(prev)).toBe(next);
        expect(pingsBetween(prev + 1, next)).toEqual([]);
      }),
      { numRuns: 2000 },
    );
  });

  it('results from a checkpoint equal the full walk from URPING (random t in 2007–2040)', () => {
    fc.assert(
      fc.property(time, (t) => {
        // A fresh schedule each time: nothing cached from earlier queries.
        const schedule = createSchedule();
        const walked = walkToPrev(t);
        expect(schedule.prevPing(t)).toBe(walked.prev);
        expect(schedule.nextPing(t)).toBe(walked.next);
      }),
      { numRuns: 60 },
    );
  });

  it('answers the same whatever order queries come in (the warm cursor never misleads)', () => {
    fc.assert(
      fc.property(fc.array(time, { minLength: 2, maxLength: 30 }), (times) => {
        const schedule = createSchedule();
        const cold = times.map((t) => createSchedule().nextPing(t));
        expect(times.map((t) => schedule.nextPing(t))).toEqual(cold);
      }),
      { numRuns: 200 },
    );
  });

  it('pingsBetween equals stepping the iterator', () => {
    fc.assert(
      fc.property(time, fc.integer({ min: 0, max: 3 * 86400 }), (from, span) => {
        const stepped: number[] = [];
        for (const ping of pingsAfter(from - 1)) {
          if (ping >= from + span) break;
          stepped.push(ping);
        }
        expect(pingsBetween(from, from + span)).toEqual(stepped);
      }),
      { numRuns: 1000 },
    );
  });

  it('pings are strictly increasing with a mean gap near 45 minutes', () => {
    const pings = pingsBetween(1600000000, 1600000000 + 365 * 86400);
    for (let i = 1; i < pings.length; i++) {
      expect(pings[i]).toBeGreaterThan(pings[i - 1] as number);
    }
    const mean = (365 * 86400) / pings.length;
    expect(mean).toBeGreaterThan(2600);
    expect(mean).toBeLessThan(2800);
  });

  it('works past the end of the checkpoint table (2050+)', () => {
    const t = 2600000000;
    const schedule = createSchedule();
    const prev = schedule.prevPing(t);
    expect(prev).toBeLessThanOrEqual(t);
    expect(createSchedule().nextPing(prev)).toBe(schedule.nextPing(t));
  });
});

describe('ttw schedule properties', () => {
  const ttw = scheduleNamed('ttw');
  it('prevPing(t) ≤ t < nextPing(t) and nothing between', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1e9, max: 2.2e9 }), (t) => {
        const prev = ttw.prevPing(t);
        const next = ttw.nextPing(t);
        expect(prev).toBeLessThanOrEqual(t);
        expect(next).toBeGreaterThan(t);
        expect(ttw.pingsBetween(prev, next + 1)).toEqual([prev, next]);
      }),
      { numRuns: 100 },
    );
  });
});
