import { describe, expect, it } from 'vitest';
import { foldLog, type LogRecord, parseTagTimeLog, tagTimeImport } from '../src/index.js';

const answer = (ping: number, tags: string[], auto = false): LogRecord => ({
  device: 'phone',
  t: ping * 1000,
  kind: 'ping',
  body: auto ? { ping, tags, auto: true } : { ping, tags },
});

describe('tagTimeImport', () => {
  const lines = parseTagTimeLog(
    ['1700000000 work code', '1700001000 eat', '1700002000 sleep', '1700003000 afk off RETRO'].join(
      '\n',
    ),
  );

  it('writes every line into an empty log', () => {
    const { drafts, kept } = tagTimeImport(undefined, lines);
    expect(kept).toBe(0);
    expect(drafts.map((d) => d.body)).toEqual([
      { ping: 1700000000, tags: ['work', 'code'] },
      { ping: 1700001000, tags: ['eat'] },
      { ping: 1700002000, tags: ['sleep'] },
      { ping: 1700003000, tags: ['afk', 'off', 'RETRO'], auto: true },
    ]);
  });

  it('keeps what the view shows, replaces only automatic answers, and changes nothing twice', () => {
    const view = foldLog([
      answer(1700000000, ['meeting']),
      answer(1700002000, ['afk', 'off', 'RETRO'], true),
      answer(1700003000, ['reading']),
    ]);
    const { drafts, kept } = tagTimeImport(view, lines);
    expect(kept).toBe(2);
    expect(drafts.map((d) => d.body)).toEqual([
      { ping: 1700001000, tags: ['eat'] },
      { ping: 1700002000, tags: ['sleep'] },
    ]);
    const imported = drafts.map((d, i): LogRecord => ({ ...d, device: 'import', t: 1 + i }));
    view.apply(imported);
    expect(tagTimeImport(view, lines)).toEqual({ drafts: [], kept: lines.length });
  });
});
