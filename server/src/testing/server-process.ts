// `@tagtime/server/testing`: the real log server as a child process on a free loopback port, for
// every workspace's tests and benches that need one (this package's durability and streaming
// tests, the console's, the CLI's and the watch's integration tests). Nothing of it is mocked.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * `npm test` builds every workspace first and then sets this, so the processes tests start (the
 * server, the `tagtime` and admin CLIs) run their built JavaScript: tsx would compile each one
 * again in every process, a second of CPU per start that the whole suite pays hundreds of times.
 * A test run on its own (`npx vitest`) leaves it unset and runs the sources, never a stale build.
 */
export const TESTS_USE_BUILD = process.env.TAGTIME_TESTS_USE_BUILD === '1';

/**
 * How Node starts `entry`, a TypeScript entry point under a workspace's `src/`: through tsx from
 * the sources, or, under `TAGTIME_TESTS_USE_BUILD=1`, as its build under `dist/` (which must
 * exist: a missing build fails loudly rather than falling back).
 */
export function nodeEntry(entry: string): string[] {
  if (!TESTS_USE_BUILD) return ['--conditions=@tagtime/source', '--import', 'tsx', entry];
  const at = entry.lastIndexOf(`${sep}src${sep}`);
  const built =
    at < 0
      ? entry
      : `${entry.slice(0, at)}${sep}dist${sep}${entry.slice(at + 5).replace(/\.tsx?$/, '.js')}`;
  if (built === entry || !existsSync(built)) {
    throw new Error(
      `TAGTIME_TESTS_USE_BUILD=1, but ${entry} has no build at ${built}: run npm run build`,
    );
  }
  return [built];
}

/**
 * The server's entry point: from the sources (tests resolve workspace packages to TypeScript),
 * `src/server.ts`, started as `nodeEntry` says; run from a build, `dist/server.js` as it is.
 */
const FROM_SOURCE = import.meta.url.endsWith('.ts');
const ENTRY = fileURLToPath(
  new URL(FROM_SOURCE ? '../server.ts' : '../server.js', import.meta.url),
);
/** The server package's folder, the process's working directory. */
const SERVER_DIR = fileURLToPath(new URL('../..', import.meta.url));

export interface ServerProcess {
  child: ChildProcess;
  /** Where it listens, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** Its stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code, or the signal that ended it, once the process is gone. */
  exited: Promise<number | string | null>;
  /** Sends `signal` (SIGTERM: a graceful close) unless it has exited; resolves once it has. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Starts the server with `env` over this process's environment (defaults: port 0, so the system
 * picks a free one, host 127.0.0.1, log level warn; pass `DATA_DIR`, a folder of the test's
 * own) and resolves once it prints where it listens; rejects with its output if it exits
 * first. Node runs the server itself (tsx as a loader, not a wrapper process), so signals,
 * SIGKILL included, reach the server.
 */
export function startServerProcess(
  env: Record<string, string | undefined> = {},
): Promise<ServerProcess> {
  const child = spawn(process.execPath, FROM_SOURCE ? nodeEntry(ENTRY) : [ENTRY], {
    cwd: SERVER_DIR,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | string | null>((resolve) => {
    child.once('exit', (code, signal) => resolve(signal ?? code));
  });
  // A test process that ends without stopping it (a crash, a timeout) takes the server along.
  const orphanGuard = () => child.kill('SIGKILL');
  process.once('exit', orphanGuard);
  void exited.then(() => process.off('exit', orphanGuard));
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) resolve({ child, url: match[1], output: () => output, exited, stop });
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    void exited.then((code) =>
      reject(new Error(`server exited (${code}) before listening:\n${output}`)),
    );
  });
}
