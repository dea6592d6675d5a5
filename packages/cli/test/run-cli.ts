import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeEntry } from '@tagtime/server/testing';

export const CLI_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const REPO_ROOT = resolve(CLI_ROOT, '../..');

/** The command that starts `tagtime`: from its TypeScript sources, or its build under `npm test`. */
export const TAGTIME = [process.execPath, ...nodeEntry(join(CLI_ROOT, 'src/main.ts'))];

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** What a run printed and how it ended, for assertion messages: a failure then says why. */
export function explain(result: CliResult): string {
  const show = (text: string) => (text === '' ? '(nothing)' : text.trimEnd());
  return `exit code ${result.code}\nstderr: ${show(result.stderr)}\nstdout: ${show(result.stdout)}`;
}

/** `runCli` for a command that must succeed: a non-zero exit fails with its stderr and code. */
export async function runCliOk(args: string[], env: Record<string, string>): Promise<CliResult> {
  const result = await runCli(args, env);
  if (result.code !== 0) {
    throw new Error(`tagtime ${args.join(' ')} failed: ${explain(result)}`);
  }
  return result;
}

/** Runs `tagtime <args>` as a process, as a user would, with `env` added to the environment. */
export function runCli(args: string[], env: Record<string, string>): Promise<CliResult> {
  const [command, ...rest] = TAGTIME as [string, ...string[]];
  return runProcess(command, [...rest, ...args], {
    TZ: 'UTC',
    NO_COLOR: '1',
    TAGTIME_NO_NOTIFY: '1',
    ...env,
  });
}

/** Runs a command in the repository root with `env` added to the environment; its output. */
export function runProcess(
  command: string,
  args: string[],
  env: Record<string, string>,
): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('exit', (code) => resolvePromise({ code, stdout, stderr }));
  });
}
