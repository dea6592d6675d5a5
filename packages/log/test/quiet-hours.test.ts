import { describe, expect, it } from 'vitest';
import { type JsonValue, parseQuietHours, quietUntil } from '../src/index.js';

// 2023-11-14 22:13:20 UTC; 23:13:20 in Paris (UTC+1 in November).
const S = 1700000000;

describe('quiet hours', () => {
  it('reads { start, end, zone? } and ignores what it cannot read', () => {
    expect(parseQuietHours({ start: '22:00', end: '07:30' })).toEqual({ start: 1320, end: 450 });
    expect(parseQuietHours({ start: '22:00', end: '07:30', zone: 'Europe/Paris' })).toEqual({
      start: 1320,
      end: 450,
      zone: 'Europe/Paris',
    });
    const unreadable: (JsonValue | undefined)[] = [
      undefined,
      null,
      'always',
      [],
      { start: '22:00' },
      { start: '24:00', end: '07:00' },
      { start: '7:00', end: '08:00' },
      { start: '08:00', end: '08:00' },
      { start: '22:00', end: '07:00', zone: 'Mars/Olympus' },
      { start: '22:00', end: '07:00', zone: 3 },
    ];
    for (const bad of unreadable) {
      expect(parseQuietHours(bad)).toBeUndefined();
    }
  });

  it('says when the span around a time ends, across midnight and in the zone', () => {
    const night = { start: 22 * 60, end: 7 * 60 };
    expect(quietUntil(night, S)).toBe(Date.UTC(2023, 10, 15, 7) / 1000);
    expect(quietUntil({ ...night, zone: 'Europe/Paris' }, S)).toBe(
      Date.UTC(2023, 10, 15, 6) / 1000,
    );
    expect(quietUntil(night, S, 'America/New_York')).toBeUndefined();
    const evening = { start: 22 * 60, end: 23 * 60 };
    expect(quietUntil(evening, S)).toBe(Date.UTC(2023, 10, 14, 23) / 1000);
    expect(quietUntil(evening, S + 3600)).toBeUndefined();
  });
});
