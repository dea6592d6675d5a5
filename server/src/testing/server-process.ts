// `@tagtime/server/testing`: the real log server as a child process on a free loopback port, for
// every workspace's tests and benches that need one (this package's durability and streaming
// tests, the console's, the CLI's and the watch's integration tests). Nothing of it is mocked.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Run from the sources (tests resolve workspace packages to TypeScript), the server starts from
 * `src/server.ts` through tsx; run from a build, from `dist/server.js` as it is.
 */
const FROM_SOURCE = import.meta.url.endsWith('.ts');
const ENTRY = fileURLToPath(
  new URL(FROM_SOURCE ? '../server.ts' : '../server.js', import.meta.url),
);
const NODE_FLAGS = FROM_SOURCE ? ['--conditions=@tagtime/source', '--import', 'tsx'] : [];
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
  const child = spawn(process.execPath, [...NODE_FLAGS, ENTRY], {
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
