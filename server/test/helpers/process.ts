import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const SERVER_DIR = fileURLToPath(new URL('../..', import.meta.url));

/** Node flags that run our TypeScript sources directly (tsx, workspace packages from source). */
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

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
  /** Resolves with the exit code or signal once the process is gone. */
  exited: Promise<number | string | null>;
}

/**
 * Starts `src/server.ts` as a child process on a free port and resolves once it prints where
 * it listens.
 */
export function startServerProcess(env: NodeJS.ProcessEnv): Promise<ServerProcess> {
  const child = spawn(process.execPath, [...TS_FLAGS, 'src/server.ts'], {
    cwd: SERVER_DIR,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | string | null>((resolve) => {
    child.on('exit', (code, signal) => resolve(signal ?? code));
  });
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/[^\s]+)/.exec(output);
      if (match?.[1]) {
        resolve({ child, url: match[1], output: () => output, exited });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    void exited.then((code) =>
      reject(new Error(`server exited (${code}) before listening:\n${output}`)),
    );
  });
}
