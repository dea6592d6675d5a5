import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  foldLog,
  parseTagTimeLog,
  TagTimeLogError,
  tagTimeDate,
  tagTimeLinesToRecords,
  validateBatch,
  writeTagTimeLog,
} from '../src/index.js';

const fixture = readFileSync(new URL('./fixtures/tagtime.log', import.meta.url), 'utf8');

describe('the original TagTime log format', () => {
  it('parses a real-looking log: tags, comments as notes, automatic answers, empty answers', () => {
    const lines = parseTagTimeLog(fixture);
    expect(lines).toHaveLength(16);
    expect(lines[1]).toEqual({
      ping: 1184098754,
      tags: ['work', 'code'],
      note: 'setting up the perl script',
    });
    expect(lines[6]).toEqual({ ping: 1184108794, tags: ['afk', 'off', 'RETRO'], auto: true });
    expect(lines[9]).toEqual({ ping: 1184118672, tags: ['read', 'book:GEB'] });
    expect(lines[11]).toEqual({
      ping: 1700003368,
      tags: ['work', 'meeting'],
      note: 'planning: q4 roadmap',
    });
    expect(lines[15]).toEqual({ ping: 1700019178, tags: [] });
  });

  it('round-trips the file byte for byte through records and a view', () => {
    const records = tagTimeLinesToRecords(parseTagTimeLog(fixture), 'import-1');
    expect(validateBatch({ records })).toEqual({ ok: true, records });
    const view = foldLog(records);
    expect(writeTagTimeLog(view.answers(), { timeZone: 'America/New_York' })).toBe(fixture);
  });

  it('writes the date annotation in the given zone', () => {
    expect(tagTimeDate(1184097393, 'America/New_York')).toBe('2007.07.10 15:56:33 Tue');
    expect(tagTimeDate(1184097393, 'UTC')).toBe('2007.07.10 19:56:33 Tue');
  });

  it('skips blank lines and # comments, and takes lines without a date', () => {
    expect(parseTagTimeLog('# exported\n\n1184097393 a b\n  \n1184098754 c (x) \n')).toEqual([
      { ping: 1184097393, tags: ['a', 'b'] },
      { ping: 1184098754, tags: ['c'], note: 'x' },
    ]);
  });

  it('names every bad line with its number and what is wrong', () => {
    const text = [
      '1184097393 ok',
      'yesterday work',
      '1184098754 work (unclosed [2007.07.10 16:19:14 Tue]',
      `1184102685 ${'x'.repeat(65)}`,
      '1184090000 late',
      '1184104776 fine]',
    ].join('\n');
    let error: unknown;
    try {
      parseTagTimeLog(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TagTimeLogError);
    const errors = (error as TagTimeLogError).errors;
    expect(errors).toEqual([
      { line: 2, message: '"yesterday work" does not start with a unix time in seconds' },
      { line: 3, message: 'a comment "(" is not closed by a ")" before the date' },
      { line: 4, message: `tag "${'x'.repeat(20)}…" is longer than 64 characters` },
      { line: 5, message: "ping 1184090000 does not come after the previous line's 1184097393" },
      { line: 6, message: 'a "]" has no matching "["' },
    ]);
    expect((error as Error).message.split('\n')[0]).toBe(
      'line 2: "yesterday work" does not start with a unix time in seconds',
    );
  });

  it('refuses to write a tag the format cannot hold', () => {
    expect(() => writeTagTimeLog([{ ping: 1, tags: ['a(b'] }])).toThrow(
      'tag "a(b" has a bracket, which the TagTime format cannot hold',
    );
  });

  it('flattens notes onto one line', () => {
    expect(writeTagTimeLog([{ ping: 1184097393, tags: ['a'], note: 'two\nlines (really)' }])).toBe(
      '1184097393 a (two lines really) [2007.07.10 19:56:33 Tue]\n',
    );
  });
});
