import { readFileSync } from 'node:fs';
import fc from 'fast-check';
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
import { TAGS } from './arbitraries.js';

/** Whether the parentheses of `text` pair up (a reference for the writer's rule). */
function pairsUp(text: string): boolean {
  let depth = 0;
  for (const c of text) {
    depth += c === '(' ? 1 : c === ')' ? -1 : 0;
    if (depth < 0) return false;
  }
  return depth === 0;
}

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
      { line: 3, message: 'a comment "(" is not closed by a ")"' },
      { line: 4, message: `tag "${'x'.repeat(20)}…" is longer than 64 characters` },
      { line: 5, message: "ping 1184090000 does not come after the previous line's 1184097393" },
      { line: 6, message: 'a "]" has no matching "["' },
    ]);
    expect((error as Error).message.split('\n')[0]).toBe(
      'line 2: "yesterday work" does not start with a unix time in seconds',
    );
  });

  it('takes comments anywhere on the line, nested ones too', () => {
    expect(parseTagTimeLog('1184097393 work (with (nested) parens) code (second)')).toEqual([
      { ping: 1184097393, tags: ['work', 'code'], note: 'with (nested) parens second' },
    ]);
    expect(() => parseTagTimeLog('1184097393 work) code')).toThrow(
      'line 1: a ")" closes no comment',
    );
  });

  it('reads back whatever it writes (property)', () => {
    const answerArb = fc.record(
      {
        ping: fc.integer({ min: 1184097393, max: 1900000000 }),
        tags: fc.uniqueArray(fc.constantFrom(...TAGS, 'RETRO', 'x:y'), { maxLength: 4 }),
        note: fc.string({
          maxLength: 12,
          unit: fc.constantFrom('a', ' ', '(', ')', '\n', '[', ']', 'é'),
        }),
      },
      { requiredKeys: ['ping', 'tags'] },
    );
    fc.assert(
      fc.property(
        fc.uniqueArray(answerArb, { selector: (a) => a.ping, maxLength: 8 }),
        (answers) => {
          const back = parseTagTimeLog(writeTagTimeLog(answers, { timeZone: 'Asia/Kolkata' }));
          const expected = [...answers]
            .sort((a, b) => a.ping - b.ping)
            .map((a) => {
              const line: { ping: number; tags: string[]; note?: string; auto?: boolean } = {
                ping: a.ping,
                tags: a.tags,
              };
              if (a.note !== undefined) {
                const flat = a.note.replace(/[\r\n]+/g, ' ');
                line.note = pairsUp(flat) ? flat : flat.replace(/[()]/g, '');
              }
              if (['afk', 'off', 'RETRO'].every((t) => a.tags.includes(t)) && a.tags.length === 3) {
                line.auto = true;
              }
              return line;
            });
          expect(back).toEqual(expected);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('refuses to write a tag the format cannot hold', () => {
    expect(() => writeTagTimeLog([{ ping: 1, tags: ['a(b'] }])).toThrow(
      'tag "a(b" has a bracket, which the TagTime format cannot hold',
    );
  });

  it('flattens notes onto one line, keeping parentheses only when they pair up', () => {
    const write = (note: string) => writeTagTimeLog([{ ping: 1184097393, tags: ['a'], note }]);
    expect(write('two\nlines (really)')).toBe(
      '1184097393 a (two lines (really)) [2007.07.10 19:56:33 Tue]\n',
    );
    expect(write('smile :)')).toBe('1184097393 a (smile :) [2007.07.10 19:56:33 Tue]\n');
    expect(parseTagTimeLog(write('two\nlines (really)'))[0]?.note).toBe('two lines (really)');
  });
});
