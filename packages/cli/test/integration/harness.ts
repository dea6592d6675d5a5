// A real log server process on a free port, over a fresh MariaDB database and a temporary LMDB
// directory, plus the user data fixtures tests need (users, devices, pairing codes).
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDb, createDevice, createPairingCode, createUser, databaseName } from '@tagtime/db';
import { createScratchDatabase, type ScratchDatabase } from '@tagtime/db/testing';
import { type ServerProcess, startServerProcess } from '@tagtime/server/testing';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

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

export interface RunningServer extends ServerProcess {
  dataDir: string;
}

/**
 * The log server the CLI's tests talk to (@tagtime/server/testing), over `databaseUrl`, with its
 * LMDB in `dataDir` (a fresh temporary folder unless given), 1 s heartbeats and rate limits no
 * test reaches.
 */
export async function startServer(
  databaseUrl: string,
  options: { dataDir?: string; port?: number } = {},
): Promise<RunningServer> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'tagtime-cli-server-')));
  const server = await startServerProcess({
    PORT: String(options.port ?? 0),
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    HEARTBEAT_MS: '1000',
    RATE_LIMIT_PER_TOKEN: '1000000',
    RATE_LIMIT_PAIR_PER_IP: '1000',
  });
  return { ...server, dataDir };
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
