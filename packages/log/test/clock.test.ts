import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DeviceClock, stampTimes } from '../src/index.js';

describe('DeviceClock', () => {
  it('uses the wall clock while it moves forward', () => {
    const clock = new DeviceClock();
    expect(clock.last).toBeUndefined();
    expect([clock.next(1000), clock.next(1500.7), clock.next(2000)]).toEqual([1000, 1500, 2000]);
  });

  it('uses last + 1 when the clock stalls or steps back', () => {
    const clock = new DeviceClock(5000);
    expect([clock.next(5000), clock.next(4000), clock.next(5001), clock.next(9000)]).toEqual([
      5001, 5002, 5003, 9000,
    ]);
    expect(clock.last).toBe(9000);
  });

  it('always gives strictly increasing times (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2e12 }), { maxLength: 50 }), (nows) => {
        const clock = new DeviceClock();
        const times = nows.map((now) => clock.next(now));
        for (let i = 1; i < times.length; i++)
          expect(times[i]).toBeGreaterThan(times[i - 1] as number);
        times.forEach((t, i) => {
          expect(t).toBeGreaterThanOrEqual(nows[i] as number);
        });
      }),
    );
  });

  it('refuses a non-integer resume point', () => {
    expect(() => new DeviceClock(1.5)).toThrow('last must be an integer number of ms (got 1.5)');
  });

  it('stamps drafts in order', () => {
    const clock = new DeviceClock(100);
    const records = stampTimes(
      clock,
      'w',
      [
        { kind: 'event', body: { name: 'start' } },
        { kind: 'ping', body: { ping: 1, tags: ['a'] } },
      ],
      50,
    );
    expect(records).toEqual([
      { device: 'w', t: 101, kind: 'event', body: { name: 'start' } },
      { device: 'w', t: 102, kind: 'ping', body: { ping: 1, tags: ['a'] } },
    ]);
  });
});
