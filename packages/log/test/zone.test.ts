// The one day-in-zone rule (dayOf), which the views and the server's support queries share.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayOf, formatLocalTime, nextDay, startOfDay } from '../src/index.js';
import { DayKeyer } from '../src/views/zone.js';

describe('dayOf', () => {
  it('gives the local calendar day, across the date line and DST changes', () => {
    const s = Date.UTC(2024, 2, 31, 0, 30) / 1000; // 00:30 UTC on the day Europe moves to summer time
    expect(dayOf(s, 'UTC')).toBe('2024-03-31');
    expect(dayOf(s, 'America/New_York')).toBe('2024-03-30');
    expect(dayOf(s, 'Pacific/Kiritimati')).toBe('2024-03-31');
    expect(dayOf(startOfDay('2024-03-31', 'Europe/Paris'), 'Europe/Paris')).toBe('2024-03-31');
    expect(dayOf(startOfDay('2024-03-31', 'Europe/Paris') - 1, 'Europe/Paris')).toBe('2024-03-30');
    expect(nextDay('2024-02-28')).toBe('2024-02-29');
  });

  it('refuses an unknown zone instead of falling back to UTC', () => {
    expect(() => dayOf(0, 'Mars/Olympus')).toThrow(
      'unknown time zone "Mars/Olympus" (expected an IANA name like Europe/Paris)',
    );
  });
});

describe('formatLocalTime', () => {
  it('writes the wall clock in the zone, midnight as 00 and summer time included', () => {
    const s = Date.UTC(2024, 2, 31, 0, 30, 5) / 1000;
    expect(formatLocalTime(s, 'UTC')).toBe('2024-03-31 00:30:05');
    expect(formatLocalTime(s, 'America/New_York')).toBe('2024-03-30 20:30:05');
    expect(formatLocalTime(s + 3 * 3600, 'Europe/Paris')).toBe('2024-03-31 05:30:05');
    expect(formatLocalTime(Date.UTC(2024, 0, 1) / 1000, 'Europe/London')).toBe(
      '2024-01-01 00:00:00',
    );
  });
});

describe('DayKeyer', () => {
  const ZONES = [
    'UTC',
    'Etc/UTC',
    'Europe/Paris',
    'America/New_York',
    'Australia/Lord_Howe',
    'Asia/Kathmandu',
    'Pacific/Chatham',
    'Pacific/Apia',
  ];

  it('gives dayOf’s day for times in any order, in any zone (Intl only once per day)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.array(fc.integer({ min: 0, max: 2_000_000_000 }), { maxLength: 60 }),
        fc.array(fc.integer({ min: -90_000, max: 90_000 }), { maxLength: 60 }),
        (zone, times, nudges) => {
          const keyer = new DayKeyer(zone);
          // Far-apart times, then times near them: the same days, hours and day edges again.
          const all = [...times, ...nudges.map((n, i) => (times[i % times.length] ?? 0) + n)];
          for (const s of all) expect(keyer.dayOf(s)).toBe(dayOf(s, zone));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('knows UTC days by arithmetic, equal to Intl’s', () => {
    const intl = new Intl.DateTimeFormat('en-CA', { timeZone: 'UTC', dateStyle: 'short' });
    fc.assert(
      fc.property(fc.integer({ min: -2_000_000_000, max: 4_000_000_000 }), (s) => {
        expect(dayOf(s, 'UTC')).toBe(intl.format(new Date(s * 1000)));
        expect(startOfDay(dayOf(s, 'UTC'), 'UTC')).toBe(Math.floor(s / 86_400) * 86_400);
      }),
      { numRuns: 2000 },
    );
  });
});
