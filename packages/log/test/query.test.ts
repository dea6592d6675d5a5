import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  emptyLogQuery,
  formatLogQuery,
  type LogQuery,
  LogQueryError,
  parseLogQuery,
  RECORD_KINDS,
  toggleLogQueryTerm,
} from '../src/index.js';

describe('the log query language', () => {
  it('reads fields, phrases, words and negations', () => {
    expect(parseLogQuery('kind:error device:watch "timed out" -retry -kind:event')).toEqual({
      kinds: ['error'],
      notKinds: ['event'],
      devices: ['watch'],
      notDevices: [],
      text: ['timed out'],
      notText: ['retry'],
    });
  });

  it('takes alternatives of one field, in any case, once each', () => {
    const query = parseLogQuery('KIND:Error,event kind:error Device:dev_1 device:"Left wrist"');
    expect(query.kinds).toEqual(['error', 'event']);
    expect(query.devices).toEqual(['dev_1', 'Left wrist']);
  });

  it('keeps other colons and a lone dash as text', () => {
    expect(parseLogQuery('http://x.test/a - b').text).toEqual(['http://x.test/a', '-', 'b']);
    expect(parseLogQuery('  ')).toEqual(emptyLogQuery());
  });

  it.each([
    ['kind:bogus', 'kind:bogus is not a record kind (ping, tag, config, error, event, command)', 0],
    ['a "open', 'a quoted phrase is not closed by a "', 2],
    ['x kind:', 'kind: needs a value, e.g. kind:error', 2],
    ['device: x', 'device: needs a value, e.g. device:watch', 0],
  ])('refuses %j', (text, message, at) => {
    let error: unknown;
    try {
      parseLogQuery(text);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(LogQueryError);
    expect((error as LogQueryError).message).toBe(message);
    expect((error as LogQueryError).at).toBe(at);
  });

  it('refuses a query longer than 500 characters', () => {
    expect(() => parseLogQuery('a'.repeat(501))).toThrow(LogQueryError);
  });

  it('formats what it parses back to the same query', () => {
    const word = fc.string({ minLength: 1, maxLength: 12 });
    const kinds = fc.uniqueArray(fc.constantFrom(...RECORD_KINDS), { maxLength: 3 });
    const words = fc.uniqueArray(word, { maxLength: 3 });
    const queryArb = fc.record<LogQuery>({
      kinds,
      notKinds: kinds,
      devices: words.map((list) => list.filter((value) => !value.includes(','))),
      notDevices: words.map((list) => list.filter((value) => !value.includes(','))),
      text: words,
      notText: words,
    });
    fc.assert(
      fc.property(queryArb, (query) => {
        const normal = parseLogQuery(formatLogQuery(query));
        expect(parseLogQuery(formatLogQuery(normal))).toEqual(normal);
        expect(normal.kinds).toEqual(query.kinds);
        expect(normal.devices).toEqual(query.devices);
        expect(normal.notText).toEqual(query.notText);
      }),
    );
  });

  it('toggles a facet value in and out, or keeps only it', () => {
    const start = parseLogQuery('kind:ping -kind:error oops');
    const added = toggleLogQueryTerm(start, 'kind', 'error');
    expect(formatLogQuery(added)).toBe('kind:ping kind:error oops');
    expect(formatLogQuery(toggleLogQueryTerm(added, 'kind', 'ping'))).toBe('kind:error oops');
    expect(formatLogQuery(toggleLogQueryTerm(start, 'device', 'w', { only: true }))).toBe(
      'kind:ping -kind:error device:w oops',
    );
    expect(formatLogQuery(start)).toBe('kind:ping -kind:error oops');
  });
});
