import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { originalTagTimeLog } from '@tagtime/log/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSettings } from '../src/home.js';
import { runCli } from './run-cli.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tagtime-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const ORIGINAL_LOG = [
  '1700003368 work code (fixing the build)               [2023.11.14 23:09:28 TUE]',
  '1700003660 read                                       [2023.11.14 23:14:20 TUE]',
  '1700009822 afk off RETRO                              [2023.11.15 00:57:02 WED]',
  '1700013932 err [missed ping from 23:59s ago]          [2023.11.15 02:05:32 WED]',
  '',
].join('\n');

describe('tagtime, offline, as a process', () => {
  it('imports an original TagTime log once, however often it is imported, and exports it back', async () => {
    const env = { TAGTIME_HOME: join(dir, 'import') };
    const file = join(dir, 'tagtime.txt');
    await writeFile(file, ORIGINAL_LOG);
    const first = await runCli(['import', file], env);
    expect(first.stderr).toBe('');
    expect(first.stdout).toContain(`imported 4 of 4 answers from ${file}`);
    const second = await runCli(['import', file], env);
    expect(second.stdout).toContain('imported 0 of 4 answers');
    expect(second.stdout).toContain('4 pings already had an answer and were kept');
    const exported = await runCli(['export'], env);
    expect(exported.stdout).toBe(ORIGINAL_LOG);
    const log = await runCli(['log', '--since', '2023-11-14'], env);
    expect(log.stdout.split('\n').filter(Boolean)).toEqual([
      '2023-11-14 23:09:28  work code (fixing the build)  local',
      '2023-11-14 23:14:20  read  local',
      '2023-11-15 00:57:02  afk off RETRO  local',
      '2023-11-15 02:05:32  err [missed ping from 23:59s ago]  local',
    ]);
  });

  it('imports two months of an original log whole; its export imports again to the same view', async () => {
    const timeZone = 'America/New_York';
    const file = join(dir, 'two-months.log');
    await writeFile(file, originalTagTimeLog({ days: 61, timeZone }));
    const lines = (await readFile(file, 'utf8')).split('\n').filter(Boolean).length;
    const first = { TAGTIME_HOME: join(dir, 'months-1'), TZ: timeZone };
    const imported = await runCli(['import', file], first);
    expect(imported.stderr).toBe('');
    expect(imported.stdout).toContain(`imported ${lines} of ${lines} answers`);
    const exported = join(dir, 'two-months-exported.log');
    expect((await runCli(['export', '-o', exported], first)).code).toBe(0);
    const second = { TAGTIME_HOME: join(dir, 'months-2'), TZ: timeZone };
    expect((await runCli(['import', exported], second)).stdout).toContain(
      `imported ${lines} of ${lines} answers`,
    );
    const since = ['log', '--since', '2023-10-01'];
    const [log1, log2] = await Promise.all([runCli(since, first), runCli(since, second)]);
    expect(log1.stdout.split('\n').length).toBeGreaterThan(lines);
    expect(log2.stdout).toBe(log1.stdout);
    expect((await runCli(['export'], second)).stdout).toBe(await readFile(exported, 'utf8'));
  });

  it('names every bad line of a file and imports nothing from it', async () => {
    const env = { TAGTIME_HOME: join(dir, 'bad') };
    const file = join(dir, 'bad.txt');
    await writeFile(
      file,
      '1700003368 work\nnot a line\n1700003660 (open comment\n1700003000 early\n',
    );
    const result = await runCli(['import', file], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${file} has 3 bad lines; nothing was imported`);
    expect(result.stderr).toContain(`${file}:2: "not a line" does not start with a unix time`);
    expect(result.stderr).toContain(`${file}:3: a comment "(" is not closed`);
    expect(result.stderr).toContain(`${file}:4: ping 1700003000 does not come after`);
    expect((await runCli(['export'], env)).stdout).toBe('');
  });

  it('answers, renames and counts hours with no server, and says plainly what sync needs', async () => {
    const env = { TAGTIME_HOME: join(dir, 'offline'), TAGTIME_NOW: '1700020000' };
    const answered = await runCli(['answer', '1700003368', 'work', 'code'], env);
    expect(answered.stdout).toContain('2023-11-14 23:09:28  work code');
    expect(answered.stdout).toContain('not paired');
    const wrong = await runCli(['answer', '1700003369', 'work'], env);
    expect(wrong.stderr).toBe(
      'tagtime: 1700003369 is not a ping of your schedule; the nearest are 1700003368 and 1700003660\n',
    );
    await runCli(['answer', '1700003660', 'work'], env);
    const renamed = await runCli(['rename', 'work', 'job'], env);
    expect(renamed.stdout).toContain('renamed "work" to "job" in 2 answers');
    const stats = await runCli(['stats', '--week'], env);
    expect(stats.stdout).toContain('2 answered pings');
    expect(stats.stdout).toMatch(/job\s+2\s+1\.5\s+█+/);
    expect(stats.stdout).toMatch(/code\s+1\s+0\.8\s+█+/);
    const sync = await runCli(['sync'], env);
    expect(sync.code).toBe(1);
    expect(sync.stderr).toContain('this device is not paired with a server yet');
  });

  it('reads work,code as two tags and refuses to rename a tag no answer has', async () => {
    const env = { TAGTIME_HOME: join(dir, 'typing'), TAGTIME_NOW: '1700020000' };
    const answered = await runCli(['answer', '1700003368', 'work,code', 'deep,'], env);
    expect(answered.stdout).toContain('2023-11-14 23:09:28  work code deep');
    await runCli(['answer', '1700003660', 'working'], env);
    const typo = await runCli(['rename', 'wrok', 'job'], env);
    expect(typo.code).toBe(1);
    expect(typo.stderr).toBe(
      'tagtime: no answer has the tag "wrok"; the nearest: work. Nothing was renamed (--force renames it anyway).\n',
    );
    const none = await runCli(['rename', 'zzzzzz', 'job'], env);
    expect(none.stderr).toContain('no answer has the tag "zzzzzz". Nothing was renamed');
    expect((await runCli(['stats', '--week'], env)).stdout).toMatch(/work\s+1\s/);
    const forced = await runCli(['rename', 'wrok', 'job', '--force'], env);
    expect(forced.stdout).toContain('renamed "wrok" to "job" in 0 answers');
    const empty = await runCli(['answer', '1700003952', ','], env);
    expect(empty.stderr).toBe('tagtime: give at least one tag\n');
  });

  it('keeps answers when the server cannot be reached, and says so', async () => {
    const home = join(dir, 'unreachable');
    const env = { TAGTIME_HOME: home };
    await runCli(['status'], env);
    await writeSettings(home, {
      server: 'http://127.0.0.1:9',
      device: 'laptop',
      token: 'tok',
      name: 'x',
    });
    const answered = await runCli(['answer', '1700003368', 'work'], env);
    expect(answered.code).toBe(0);
    expect(answered.stdout).toContain(
      'saved on this machine; not sent yet: cannot reach the server at http://127.0.0.1:9',
    );
    const sync = await runCli(['sync'], env);
    expect(sync.code).toBe(1);
    expect(sync.stderr).toContain('Nothing was lost');
    const status = await runCli(['status'], env);
    // The answer, apart from the error of the failed sync (and any events).
    expect(status.stdout).toMatch(/unsynced 1 answer, [1-9]\d* diagnostics? \(errors and events\)/);
    expect(status.stdout).toContain('server   unreachable');
    // Errors and events are in the log too; `log` lists them only when asked.
    const since = ['--since', '2023-11-14'];
    expect((await runCli(['log', ...since], env)).stdout).toBe('2023-11-14 23:09:28  work  x\n');
    const all = (await runCli(['log', '--all', ...since], env)).stdout;
    expect(all).toMatch(/^2023-11-14 23:09:28 {2}work {2}x$/m);
    // The store keeps each record's canonical JSON, so an event's data shows with sorted keys.
    expect(all).toMatch(
      / event answered-late \{"auto":false,"late":\d+,"ping":1700003368,"pings":1\} {2}x$/m,
    );
    expect(all).toMatch(
      / error sync failed: cannot reach the server at http:\/\/127\.0\.0\.1:9 .* {2}x$/m,
    );
    expect(await readFile(join(home, 'settings.json'), 'utf8')).toContain('"device": "laptop"');
  });
});
