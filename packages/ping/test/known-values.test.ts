import { describe, expect, it } from 'vitest';
import {
  createSchedule,
  nextPing,
  pingsAfter,
  pingsBetween,
  prevPing,
  scheduleNamed,
  ttwHash,
  URPING,
} from '../src/index.js';

const FIRST_PINGS = [
  1184097393, 1184098754, 1184102685, 1184104776, 1184105302, 1184105815, 1184108794, 1184114432,
  1184116830, 1184118672, 1184121064,
];

describe('universal schedule: the known values of the spec', () => {
  it('starts at URPING with the first pings of every TagTime client', () => {
    const first = [URPING];
    for (const ping of pingsAfter(URPING)) {
      if (first.length === FIRST_PINGS.length) break;
      first.push(ping);
    }
    expect(first).toEqual(FIRST_PINGS);
    expect(pingsBetween(URPING, 1184121065)).toEqual(FIRST_PINGS);
  });

  it('has the pings of [1700000000, 1700020000)', () => {
    expect(pingsBetween(1700000000, 1700020000)).toEqual([
      1700003368, 1700003660, 1700009822, 1700013932, 1700019178,
    ]);
  });

  it('knows prevPing(1700000000)', () => {
    expect(prevPing(1700000000)).toBe(1699998362);
    expect(nextPing(1699998362)).toBe(1700003368);
  });

  it('treats ping times themselves exactly: prev is inclusive, next is strict', () => {
    expect(prevPing(1700003368)).toBe(1700003368);
    expect(nextPing(1700003368)).toBe(1700003660);
    expect(nextPing(1700003367)).toBe(1700003368);
  });

  it('answers before the first ping', () => {
    expect(nextPing(0)).toBe(URPING);
    expect(nextPing(URPING - 1)).toBe(URPING);
    expect(() => prevPing(URPING - 1)).toThrow(RangeError);
    expect(pingsBetween(0, URPING + 1)).toEqual([URPING]);
  });

  it('rejects times that are not integer seconds', () => {
    expect(() => nextPing(1.5)).toThrow(/integer number of unix seconds/);
    expect(() => nextPing(Number.NaN)).toThrow(TypeError);
    expect(() => pingsBetween(0, Number.POSITIVE_INFINITY)).toThrow(TypeError);
  });

  it('returns nothing for an empty or reversed range', () => {
    expect(pingsBetween(1700003368, 1700003368)).toEqual([]);
    expect(pingsBetween(1700020000, 1700000000)).toEqual([]);
  });
});

describe('non-universal schedules', () => {
  it('a custom gap or seed gives a different, self-consistent schedule', () => {
    const fast = createSchedule({ gap: 60 });
    const pings = fast.pingsBetween(1700000000, 1700003600);
    expect(pings.length).toBeGreaterThan(30);
    expect(pings.length).toBeLessThan(100);
    const other = createSchedule({ seed: 42 });
    expect(other.pingsBetween(1700000000, 1700020000)).not.toEqual(
      pingsBetween(1700000000, 1700020000),
    );
  });

  it('a custom schedule equal to the default gives the universal pings', () => {
    const same = createSchedule({ gap: 2700, seed: 11193462, urping: URPING });
    expect(same.pingsBetween(1700000000, 1700020000)).toEqual(pingsBetween(1700000000, 1700020000));
  });

  it('rejects a bad gap or seed', () => {
    expect(() => createSchedule({ gap: 0 })).toThrow(RangeError);
    expect(() => createSchedule({ seed: 0 })).toThrow(RangeError);
    expect(() => createSchedule({ kind: 'ttw', gap: -5 })).toThrow(RangeError);
  });
});

describe("TagTime Web's schedule (ttw)", () => {
  it('hashes like the check value', () => {
    expect(ttwHash(1000000, 123)).toBe(0.7658504836526976);
  });

  it('has the pings of [1700000000, 1700020000)', () => {
    const ttw = scheduleNamed('ttw');
    expect(ttw.kind).toBe('ttw');
    expect(ttw.pingsBetween(1700000000, 1700020000)).toEqual([
      1700001561, 1700002542, 1700004058, 1700004500, 1700005386, 1700006861, 1700009430,
      1700011513, 1700012298, 1700016281, 1700016854, 1700019969,
    ]);
    expect(ttw.nextPing(1700001561)).toBe(1700002542);
    expect(ttw.prevPing(1700002541)).toBe(1700001561);
  });
});
