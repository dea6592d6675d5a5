// The real log server as a child process (its TypeScript sources through tsx), for the
// console's integration tests and bench: nothing of it is mocked.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SERVER_DIR = fileURLToPath(new URL('../../server', import.meta.url));

export interface LogServerProcess {
  child: ChildProcess;
  url: string;
  stop(): Promise<void>;
}

/** Starts the server on a free loopback port and resolves once it listens. */
export function startLogServer(env: Record<string, string>): Promise<LogServerProcess> {
  const child = spawn(
    process.execPath,
    ['--conditions=@tagtime/source', '--import', 'tsx', 'src/server.ts'],
    {
      cwd: SERVER_DIR,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/[^\s]+)/.exec(output);
      if (match?.[1]) {
        resolve({
          child,
          url: match[1],
          async stop() {
            if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
            await exited;
          },
        });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then(() => reject(new Error(`the log server exited before listening:\n${output}`)));
  });
}
