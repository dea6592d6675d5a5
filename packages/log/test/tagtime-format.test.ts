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
import { originalParsable, originalTags, originalTagTimeLog } from '../src/testing/original-log.js';
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

/** Tag sets the original writes by itself (launch.pl), which read back as automatic answers. */
const MACHINE_WRITTEN = [['afk', 'off', 'RETRO'], ['afk', 'RETRO'], ['err']];
const machineWritten = (tags: readonly string[]) =>
  MACHINE_WRITTEN.some((set) => set.length === tags.length && set.every((t) => tags.includes(t)));

const fixture = readFileSync(new URL('./fixtures/tagtime.log', import.meta.url), 'utf8');

describe('the original TagTime log format', () => {
  it('parses a log the original wrote: tags, comments as notes, automatic answers, empty answers', () => {
    const lines = parseTagTimeLog(fixture);
    expect(lines).toHaveLength(21);
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
    expect(lines[16]).toEqual({
      ping: 1700022140,
      tags: ['err'],
      note: '[missed ping from 1439s ago]',
      auto: true,
    });
    expect(lines[17]).toEqual({
      ping: 1700028458,
      tags: ['work', 'code'],
      note: '(call with (nested) parens)[ticket 42]',
    });
    expect(lines[18]).toEqual({ ping: 1700032126, tags: ['afk', 'RETRO'], auto: true });
    expect(lines[19]?.note).toBe('long one');
    // `[09]` is the shortest annotation the original writes (the minutes) when nothing longer fits.
    expect(lines[20]).toEqual({
      ping: 1700039342,
      tags: ['write:blog-post-about-random-sampling-of-time-use'],
      note: 'draft three',
    });
  });

  it('round-trips the file byte for byte through records and a view', () => {
    const records = tagTimeLinesToRecords(parseTagTimeLog(fixture), 'import-1');
    expect(validateBatch({ records })).toMatchObject({ ok: true, records });
    const view = foldLog(records);
    expect(writeTagTimeLog(view.answers(), { timeZone: 'America/New_York' })).toBe(fixture);
  });

  it('takes square-bracket comments anywhere, as the original does', () => {
    expect(
      parseTagTimeLog('1699197168 err [missed ping from 1439s ago]  [2023.11.05 15:12:48 SUN]'),
    ).toEqual([
      { ping: 1699197168, tags: ['err'], note: '[missed ping from 1439s ago]', auto: true },
    ]);
    expect(parseTagTimeLog('1184097393 eat [lunch [with] bob] family (x [y)')).toEqual([
      { ping: 1184097393, tags: ['eat', 'family'], note: '[lunch [with] bob] x [y' },
    ]);
    // The original glues the words around a comment: `work(x)code` is the tag `workcode`.
    expect(parseTagTimeLog('1184097393 work(x)code')[0]?.tags).toEqual(['workcode']);
  });

  it('drops only a date annotation that agrees with the ping, in any of its forms', () => {
    const note = (line: string) => parseTagTimeLog(line)[0]?.note;
    // 1184097393 is 19:56:33 UTC, 15:56:33 in New York, 01:26:33 in Kolkata.
    expect(note('1184097393 a [2007.07.10 15:56:33 Tue]')).toBeUndefined();
    expect(note('1184097393 a [07.11 01:26:33 WED]')).toBeUndefined();
    expect(note('1184097393 a [15:56]')).toBeUndefined();
    expect(note('1184097393 a [56]')).toBeUndefined();
    expect(note('1184097393 a [2007.07.10 15:56:34 TUE]')).toBe('[2007.07.10 15:56:34 TUE]');
    expect(note('1184097393 a [42]')).toBe('[42]');
    expect(note('1184097393 a [ticket 15:56]')).toBe('[ticket 15:56]');
  });

  it('writes the date annotation in the given zone', () => {
    expect(tagTimeDate(1184097393, 'America/New_York')).toBe('2007.07.10 15:56:33 TUE');
    expect(tagTimeDate(1184097393, 'UTC')).toBe('2007.07.10 19:56:33 TUE');
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
      '1184105302 [open',
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
      { line: 6, message: 'a "]" closes no comment' },
      { line: 7, message: 'a comment "[" is not closed by a "]"' },
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

  it('imports a two-month log of the original whole, and exports it back to the same view', () => {
    const timeZone = 'America/New_York';
    const text = originalTagTimeLog({ days: 61, timeZone });
    const written = text.split('\n').filter(Boolean);
    const lines = parseTagTimeLog(text);
    expect(lines).toHaveLength(written.length);
    // The tags are the ones the original itself reads from each line.
    lines.forEach((line, i) => {
      expect(line.tags).toEqual(originalTags(written[i] as string));
    });
    const kinds = (pred: (l: (typeof lines)[number]) => boolean) => lines.filter(pred).length;
    expect(
      kinds((l) => l.tags[0] === 'err' && /^\[missed ping from .+ ago\]$/.test(l.note ?? '')),
    ).toBeGreaterThan(10);
    expect(kinds((l) => l.auto === true)).toBeGreaterThan(200);
    expect(kinds((l) => (l.note ?? '').includes('(again)'))).toBeGreaterThan(5);
    expect(written.filter((l) => l.length > 79).length).toBeGreaterThan(10);

    const view = foldLog(tagTimeLinesToRecords(lines, 'import-1'));
    const exported = writeTagTimeLog(view.answers(), { timeZone });
    for (const line of exported.split('\n').filter(Boolean)) {
      expect(originalParsable(line)).toBe(true);
    }
    const again = foldLog(tagTimeLinesToRecords(parseTagTimeLog(exported), 'import-2'));
    const shown = (v: typeof view) =>
      v.answers().map(({ ping, tags, note, auto }) => ({ ping, tags, note, auto }));
    expect(shown(again)).toEqual(shown(view));
    expect(writeTagTimeLog(again.answers(), { timeZone })).toBe(exported);
  });

  it('reads back whatever it writes, and the original reads the same tags (property)', () => {
    const answerArb = fc.record(
      {
        ping: fc.integer({ min: 1184097393, max: 1900000000 }),
        tags: fc.uniqueArray(fc.constantFrom(...TAGS, 'RETRO', 'err', 'x:y', 'é'.repeat(30)), {
          maxLength: 4,
        }),
        note: fc.string({
          maxLength: 12,
          unit: fc.constantFrom('a', ' ', '(', ')', '\n', '[', ']', 'é', '1', ':'),
        }),
      },
      { requiredKeys: ['ping', 'tags'] },
    );
    fc.assert(
      fc.property(
        fc.uniqueArray(answerArb, { selector: (a) => a.ping, maxLength: 8 }),
        (answers) => {
          const text = writeTagTimeLog(answers, { timeZone: 'Asia/Kolkata' });
          const back = parseTagTimeLog(text);
          const sorted = [...answers].sort((a, b) => a.ping - b.ping);
          const expected = sorted.map((a) => {
            const line: { ping: number; tags: string[]; note?: string; auto?: boolean } = {
              ping: a.ping,
              tags: a.tags,
            };
            if (a.note !== undefined) {
              const flat = a.note.replace(/[\r\n]+/g, ' ');
              line.note = pairsUp(flat) ? flat : flat.replace(/[()]/g, '');
            }
            if (machineWritten(a.tags)) line.auto = true;
            return line;
          });
          expect(back).toEqual(expected);
          text
            .split('\n')
            .filter(Boolean)
            .forEach((line, i) => {
              expect(originalParsable(line)).toBe(true);
              expect(originalTags(line)).toEqual(sorted[i]?.tags);
            });
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('refuses to write a tag the format cannot hold', () => {
    expect(() => writeTagTimeLog([{ ping: 1, tags: ['a(b'] }])).toThrow(
      'tag "a(b" of ping 1 has a bracket, which the TagTime format cannot hold',
    );
  });

  it('flattens notes onto one line, keeping parentheses only when they pair up', () => {
    const write = (note: string) => writeTagTimeLog([{ ping: 1184097393, tags: ['a'], note }]);
    expect(write('two\nlines (really)')).toBe(
      '1184097393 a (two lines (really))                     [2007.07.10 19:56:33 TUE]\n',
    );
    expect(write('smile :)')).toBe(
      '1184097393 a (smile :)                                [2007.07.10 19:56:33 TUE]\n',
    );
    expect(write('[as the original wrote it]')).toBe(
      '1184097393 a [as the original wrote it]               [2007.07.10 19:56:33 TUE]\n',
    );
    expect(parseTagTimeLog(write('two\nlines (really)'))[0]?.note).toBe('two lines (really)');
  });
});
