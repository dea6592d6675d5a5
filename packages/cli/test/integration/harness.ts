// A real log server process on a free port, over a fresh MariaDB database and a temporary LMDB
// directory, plus the user data fixtures tests need (users, devices, pairing codes).
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDb, createDevice, createPairingCode, createUser, databaseName } from '@tagtime/db';
import { createScratchDatabase, type ScratchDatabase } from '@tagtime/db/testing';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const SERVER_ENTRY = join(ROOT, 'server/src/server.ts');

export type TestDatabase = ScratchDatabase;

/** `tagtime_cli_test_<random>`, migrated, with the free plan's device limit lifted for tests. */
export function createTestDatabase(): Promise<TestDatabase> {
  return createScratchDatabase({ prefix: 'tagtime_cli_test', freeMaxDevices: 1000 });
}

/** The database the global setup made (see global-setup.ts), opened in this test worker. */
export function openTestDatabase(url: string): TestDatabase {
  const handle = createDb(url);
  return { url, name: databaseName(url), handle, drop: () => handle.close() };
}

export interface RunningServer {
  url: string;
  dataDir: string;
  process: ChildProcess;
  output(): string;
  /** SIGTERM (graceful) or SIGKILL; resolves when the process has exited. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts `server/src/server.ts` with tsx on a port the system picks; resolves once it listens. */
export async function startServer(
  databaseUrl: string,
  options: { dataDir?: string; port?: number } = {},
): Promise<RunningServer> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'tagtime-cli-server-')));
  // Node runs the server itself (tsx as a loader): signals, SIGKILL included, reach the server.
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=@tagtime/source', SERVER_ENTRY],
    {
      cwd: join(ROOT, 'server'),
      env: {
        ...process.env,
        PORT: String(options.port ?? 0),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        DATABASE_URL: databaseUrl,
        LOG_LEVEL: 'warn',
        HEARTBEAT_MS: '1000',
        RATE_LIMIT_PER_TOKEN: '1000000',
        RATE_LIMIT_PAIR_PER_IP: '1000',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // If the test process ends without stopping it (a crash, a timeout), the server goes too.
  const orphanGuard = () => child.kill('SIGKILL');
  process.once('exit', orphanGuard);
  void exited.then(() => process.off('exit', orphanGuard));
  const url = await new Promise<string>((resolve, reject) => {
    const check = () => {
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) resolve(match[1] as string);
    };
    child.stdout.on('data', check);
    child.once('exit', (code) =>
      reject(new Error(`the server exited (${code}) before listening:\n${output}`)),
    );
  });
  return {
    url,
    dataDir,
    process: child,
    output: () => output,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

export async function makeUser(db: TestDatabase): Promise<string> {
  const user = await createUser(db.handle.db, {
    email: `cli-${randomBytes(5).toString('hex')}@example.test`,
    password: 'correct horse battery staple',
    name: 'CLI test user',
  });
  return user.id;
}

export async function makeDevice(
  db: TestDatabase,
  userId: string,
  name = 'test device',
): Promise<{ device: string; token: string }> {
  const { device, token } = await createDevice(db.handle.db, { userId, name, kind: 'phone' });
  return { device: device.id, token };
}

export async function makePairingCode(db: TestDatabase, userId: string): Promise<string> {
  return (await createPairingCode(db.handle.db, { userId })).code;
}

/** Polls `check` until it returns true; fails with `what` after `ms` (a deadline, not a measurement). */
export async function eventually(
  what: string,
  check: () => Promise<boolean>,
  ms = 20_000,
): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
