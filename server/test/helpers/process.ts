import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const SERVER_DIR = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Node flags that run our TypeScript sources directly (tsx, workspace packages from source). The
 * server itself starts through `startServerProcess` (src/testing, `@tagtime/server/testing`).
 */
const TS_FLAGS = ['--conditions=@tagtime/source', '--import', 'tsx'];

const execFileAsync = promisify(execFile);

/** Runs a TypeScript entry point of the server package to completion. */
export function runTs(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ stdout: string; stderr: string }> {
  return execFileAsync(process.execPath, [...TS_FLAGS, script, ...args], {
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
    const { stdout, stderr } = await runTs('src/cli/main.ts', args, env);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}
