import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { foldLog, type LogRecord } from '@tagtime/log';
import { describe, expect, it } from 'vitest';
import { lineIsNew } from '../src/commands/import.js';
import { completeTag, lastHumanTags, recentTags } from '../src/commands/recent-tags.js';
import { parseSince } from '../src/commands/when.js';
import { acquireLock } from '../src/store/lock.js';
import { bar, tagTable } from '../src/ui/chart.js';
import { formatDuration } from '../src/ui/format.js';
import { ProgressBar } from '../src/ui/progress.js';

const answer = (t: number, ping: number, tags: string[], auto = false): LogRecord => ({
  device: 'd',
  t,
  kind: 'ping',
  body: auto ? { ping, tags, auto: true } : { ping, tags },
});

describe('parseSince', () => {
  it('reads durations back from now and local days', () => {
    expect(parseSince('90m', 10_000, 'UTC')).toBe(10_000 - 5400);
    expect(parseSince('2w', 2_000_000, 'UTC')).toBe(2_000_000 - 14 * 86400);
    expect(parseSince('2023-11-14', 0, 'UTC')).toBe(1699920000);
    expect(parseSince('2023-11-14', 0, 'Europe/Paris')).toBe(1699920000 - 3600);
    expect(() => parseSince('yesterday', 0, 'UTC')).toThrow('--since "yesterday" is neither');
  });
});

describe('terminal chart', () => {
  it('scales bars to the largest value in eighths of a cell', () => {
    expect(bar(10, 10, 4)).toBe('████');
    expect(bar(5, 10, 4)).toBe('██');
    expect(bar(1, 16, 2)).toBe('▏');
    expect(bar(0, 10, 4)).toBe('');
  });

  it('lists tag, pings and hours', () => {
    const lines = tagTable(
      [
        { tag: 'work', count: 4, seconds: 4 * 2700 },
        { tag: 'eat', count: 2, seconds: 2 * 2700 },
      ],
      8,
    );
    expect(lines).toEqual([
      'tag   pings   hours',
      'work      4     3.0  ████████',
      'eat       2     1.5  ████',
    ]);
  });

  it('formats countdowns', () => {
    expect(formatDuration(59)).toBe('0:59');
    expect(formatDuration(3725)).toBe('1:02:05');
  });
});

describe('recent tags and completion', () => {
  const view = foldLog([
    answer(1, 100, ['work', 'code']),
    answer(2, 200, ['eat']),
    answer(3, 300, ['afk', 'off', 'RETRO'], true),
  ]);
  it('offers the latest tags first and repeats the last human answer', () => {
    expect(recentTags(view.answers().reverse())).toEqual([
      'afk',
      'off',
      'RETRO',
      'eat',
      'work',
      'code',
    ]);
    expect(lastHumanTags(view.answers().reverse())).toEqual(['eat']);
    expect(completeTag(['work', 'walk', 'eat'], 'eat w')).toEqual([['work', 'walk'], 'w']);
    expect(completeTag(['work', 'eat'], 'x')).toEqual([['work', 'eat'], 'x']);
  });

  it('imports a line only where it adds an answer', () => {
    expect(lineIsNew(view, { ping: 400, tags: ['x'] })).toBe(true);
    expect(lineIsNew(view, { ping: 100, tags: ['work', 'code'] })).toBe(false);
    expect(lineIsNew(view, { ping: 100, tags: ['other'] })).toBe(false);
    expect(lineIsNew(view, { ping: 300, tags: ['sleep'] })).toBe(true);
    expect(lineIsNew(view, { ping: 300, tags: ['afk', 'off', 'RETRO'], auto: true })).toBe(false);
  });
});

describe('store lock', () => {
  it('excludes a second holder, names the owner, and takes over a dead owner’s lock', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tagtime-lock-'));
    const path = join(dir, 'lock');
    try {
      const lock = await acquireLock(path);
      expect(await readFile(path, 'utf8')).toBe(String(process.pid));
      await expect(acquireLock(path, 0)).rejects.toThrow(`another tagtime (pid ${process.pid})`);
      await lock.release();
      await writeFile(path, '999999999');
      const taken = await acquireLock(path, 0);
      expect(await readFile(path, 'utf8')).toBe(String(process.pid));
      await taken.release();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('progress bar', () => {
  it('draws in place on a terminal and stays silent elsewhere', () => {
    const written: string[] = [];
    const fake = (isTTY: boolean) =>
      ({ isTTY, write: (text: string) => written.push(text) }) as unknown as NodeJS.WriteStream;
    const bar = new ProgressBar('importing x', 4, fake(true));
    bar.update(4);
    bar.done();
    expect(written).toEqual(['\rimporting x [##############################] 100% 4/4', '\n']);
    written.length = 0;
    const quiet = new ProgressBar('importing x', 4, fake(false));
    quiet.update(2);
    quiet.done();
    expect(written).toEqual([]);
  });
});
