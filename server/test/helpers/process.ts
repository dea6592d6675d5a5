import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { nodeEntry } from '../../src/testing/server-process.js';

export const SERVER_DIR = fileURLToPath(new URL('../..', import.meta.url));

const execFileAsync = promisify(execFile);

/**
 * Runs an entry point of the server package (`src/…`) to completion: from the sources, or its
 * build under `npm test` (see `nodeEntry`). The server itself starts through
 * `startServerProcess` (src/testing, `@tagtime/server/testing`).
 */
export function runEntry(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ stdout: string; stderr: string }> {
  return execFileAsync(process.execPath, [...nodeEntry(join(SERVER_DIR, script)), ...args], {
    cwd: SERVER_DIR,
    env: { ...process.env, ...env },
  });
}

/** Runs the admin CLI as a real process: its exit code and output, whether it fails or not. */
export async function runAdminCli(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await runEntry('src/cli/main.ts', args, env);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}
