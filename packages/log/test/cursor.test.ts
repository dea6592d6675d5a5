import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  advanceCursor,
  type Cursor,
  CursorError,
  compareRecords,
  formatCursor,
  isAfterCursor,
  type LogRecord,
  mergeLogsSync,
  parseCursor,
} from '../src/index.js';
import { deviceLogs, recordSetArb } from './arbitraries.js';

describe('cursors', () => {
  it('parses and formats the protocol text', () => {
    const cursor = parseCursor('watch-1:1700000000123,a:5');
    expect({ ...cursor }).toEqual({ 'watch-1': 1700000000123, a: 5 });
    expect(formatCursor(cursor)).toBe('a:5,watch-1:1700000000123');
    expect({ ...parseCursor('') }).toEqual({});
    expect(formatCursor({})).toBe('');
  });

  it.each([
    ['a', 'cursor part 1 ("a") must look like <device>:<t>'],
    ['a:1,b', 'cursor part 2 ("b") must look like <device>:<t>'],
    ['a:x', 'cursor part 1 ("a:x") must end in a whole number of unix milliseconds'],
    ['a:-1', 'cursor part 1 ("a:-1") must end in a whole number of unix milliseconds'],
    ['a:1.5', 'cursor part 1 ("a:1.5") must end in a whole number of unix milliseconds'],
    ['a b:1', 'cursor part 1 ("a b:1") names an invalid device id "a b"'],
    [':1', 'cursor part 1 (":1") names an invalid device id ""'],
    ['a:1,a:2', 'cursor part 2 ("a:2") names device "a" a second time'],
  ])('refuses %j', (text, message) => {
    expect(() => parseCursor(text)).toThrow(new CursorError(message));
  });

  it('advances without changing the old cursor', () => {
    const start: Cursor = { a: 5 };
    const next = advanceCursor(start, { device: 'b', t: 2 });
    expect(next).toEqual({ a: 5, b: 2 });
    expect(start).toEqual({ a: 5 });
    expect(advanceCursor(next, { device: 'a', t: 3 })).toBe(next);
  });

  it('resumes a merge exactly where it stopped, through its text form (property)', () => {
    fc.assert(
      fc.property(recordSetArb(50), fc.nat(60), (records, stopAt) => {
        const logs = deviceLogs(records);
        let cursor: Cursor = {};
        const first: LogRecord[] = [];
        for (const record of mergeLogsSync(logs)) {
          if (first.length === stopAt) break;
          first.push(record);
          cursor = advanceCursor(cursor, record);
        }
        const resumed = parseCursor(formatCursor(cursor));
        const rest = [
          ...mergeLogsSync(logs.map((log) => log.filter((r) => isAfterCursor(resumed, r)))),
        ];
        expect([...first, ...rest]).toEqual([...records].sort(compareRecords));
      }),
      { numRuns: 1000 },
    );
  });
});
