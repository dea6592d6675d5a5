// The first commands a new user types on a fresh clone, right after `npm start`.
import { accessSync, constants, readFileSync, realpathSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ROOT, type CliResult, REPO_ROOT, runCli, runProcess } from './run-cli.js';

const manifest = JSON.parse(readFileSync(join(CLI_ROOT, 'package.json'), 'utf8')) as {
  version: string;
  bin: Record<string, string>;
};

let home: string;
beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'tagtime-first-'));
});
afterAll(async () => {
  await rm(home, { recursive: true, force: true });
});

/** Runs `command` in the repository root with a registry that cannot be reached. */
function runOffline(command: string, args: string[]): Promise<CliResult> {
  return runProcess(command, args, {
    TAGTIME_HOME: home,
    // Any request to a registry fails at once: the command must be found locally.
    npm_config_registry: 'http://127.0.0.1:9/',
    npm_config_fetch_retries: '0',
    npm_config_yes: 'false',
  });
}

describe('the tagtime command after npm install', () => {
  it('is linked from a committed file, which exists before anything is built', () => {
    const target = join(CLI_ROOT, manifest.bin.tagtime as string);
    expect(manifest.bin.tagtime).not.toMatch(/dist/);
    accessSync(target, constants.X_OK);
    expect(realpathSync(join(REPO_ROOT, 'node_modules/.bin/tagtime'))).toBe(realpathSync(target));
  });

  it('runs through npx and npm exec without asking the registry', async () => {
    const npx = await runOffline('npx', ['tagtime', '--version']);
    expect(npx).toMatchObject({ code: 0, stdout: `${manifest.version}\n` });
    const exec = await runOffline('npm', ['exec', '--', 'tagtime', '--version']);
    expect(exec).toMatchObject({ code: 0, stdout: `${manifest.version}\n` });
  });
});

describe('tagtime on a first try', () => {
  it('says which command it does not know, instead of blaming `run`', async () => {
    const result = await runCli(['lgo'], { TAGTIME_HOME: home });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("tagtime: unknown command 'lgo'; the commands are run, pair,");
    expect(result.stderr).not.toContain('too many arguments');
  });

  it('refuses to answer a ping that has not rung yet, and stores nothing', async () => {
    const env = { TAGTIME_HOME: home, TAGTIME_NOW: '1700003400' };
    const future = await runCli(['answer', '1700003660', 'work'], env);
    expect(future.code).toBe(1);
    expect(future.stderr).toBe(
      'tagtime: 1700003660 (2023-11-14 23:14:20) is still to come; a ping is answered once it has rung\n',
    );
    expect((await runCli(['answer', '1700003368', 'work'], env)).code).toBe(0);
    expect((await runCli(['export'], env)).stdout.split('\n').filter(Boolean)).toHaveLength(1);
  });
});
