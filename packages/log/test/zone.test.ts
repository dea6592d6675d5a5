// The one day-in-zone rule (dayOf), which the views and the server's support queries share.
import { describe, expect, it } from 'vitest';
import { dayOf, formatLocalTime, nextDay, startOfDay } from '../src/index.js';

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
