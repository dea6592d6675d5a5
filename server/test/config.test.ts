// What the server runs with: DATA_DIR whatever its name, no default secret in
// production, readable logs for `npm start`. Real processes where the exit
// code and the printed lines are the point.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ConfigError, DEFAULT_ADMIN_TOKEN, loadConfig } from '../src/config.js';
import { ensureDataDir } from '../src/data-dir.js';
import { type ServerProcess, startServerProcess } from '../src/testing/server-process.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';

let database: TestDatabase;
let scratch: string;

beforeAll(async () => {
  database = await createTestDatabase();
  // A dot in the folder's own name, as `mktemp -d` and `~/.tagtime` have.
  scratch = mkdtempSync(join(tmpdir(), 'tagtime.config-'));
});
afterAll(async () => {
  await database?.drop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** Starts a server process and stops it after `use`, whatever happens. */
async function withServer(env: NodeJS.ProcessEnv, use: (server: ServerProcess) => Promise<void>) {
  const server = await startServerProcess({ DATABASE_URL: database.url, ...env });
  try {
    await use(server);
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
  }
}

/** Runs a server process that must refuse to start; resolves with its exit code and output. */
async function refusedStart(env: NodeJS.ProcessEnv): Promise<{ code: unknown; output: string }> {
  try {
    const server = await startServerProcess({ DATABASE_URL: database.url, ...env });
    server.child.kill('SIGKILL');
    throw new Error(`the server started at ${server.url}`);
  } catch (error) {
    const text = (error as Error).message;
    const match = /^server exited \(([^)]*)\) before listening:\n([\s\S]*)$/.exec(text);
    if (!match) throw error;
    return { code: match[1], output: match[2] ?? '' };
  }
}

describe('DATA_DIR', () => {
  test('an existing directory with a dot in its name holds the environment; logs read as lines', async () => {
    const dataDir = join(scratch, 'tmp.Xq3vLw'); // as `mktemp -d` names them
    mkdirSync(dataDir);
    await withServer({ DATA_DIR: dataDir, LOG_FORMAT: 'pretty', LOG_LEVEL: 'info' }, async (s) => {
      const health = await fetch(`${s.url}/healthz`);
      expect(health.status).toBe(200);
      expect(existsSync(join(dataDir, 'data.mdb'))).toBe(true);
      // One readable line for the request, not pino's JSON object (pino-pretty flushes from its
      // worker thread, so wait for the line rather than read at once).
      await expect.poll(() => s.output(), { timeout: 10_000 }).toMatch(/GET \/healthz 200 /);
      const lines = s
        .output()
        .split('\n')
        .filter((line) => line.includes('/healthz'));
      expect(lines).toHaveLength(1);
      expect(lines[0]).not.toMatch(/^\s*\{/);
      expect(lines[0]).toMatch(/INFO/);
    });
  }, 60_000);

  test('a missing path is created as a directory, dots and all', () => {
    const dataDir = join(scratch, 'new.dir', 'logs.v1');
    ensureDataDir(dataDir);
    expect(existsSync(dataDir)).toBe(true);
    ensureDataDir(dataDir); // and an existing one is simply used
  });

  test('a file, or a path through a file, is refused with one sentence', async () => {
    const file = join(scratch, 'not-a-dir.mdb');
    writeFileSync(file, 'x');
    const refused = await refusedStart({ DATA_DIR: file });
    expect(refused.code).toBe('1');
    expect(refused.output.trim()).toBe(
      `tagtime server cannot start: DATA_DIR ${file} is a file, not a directory; point DATA_DIR at a directory (a missing one is created).`,
    );
    expect(() => ensureDataDir(join(file, 'logs'))).toThrow(
      new ConfigError(`DATA_DIR ${join(file, 'logs')} cannot be used (ENOTDIR).`),
    );
  }, 60_000);
});

describe('ADMIN_TOKEN in production', () => {
  test('unset or the development default: the process refuses to start', async () => {
    const unset = await refusedStart({ NODE_ENV: 'production', ADMIN_TOKEN: '' });
    expect(unset.code).toBe('1');
    expect(unset.output).toMatch(/^tagtime server cannot start: ADMIN_TOKEN must be set/);
    expect(unset.output).not.toContain(DEFAULT_ADMIN_TOKEN);
    expect(() => loadConfig({ NODE_ENV: 'production', ADMIN_TOKEN: DEFAULT_ADMIN_TOKEN })).toThrow(
      ConfigError,
    );
    expect(() => loadConfig({ NODE_ENV: 'production', ADMIN_TOKEN: 'short' })).toThrow(
      /at least 16 characters/,
    );
  }, 60_000);

  test('set: the server runs with it and only it', () => {
    const token = 'a-long-random-secret-0123456789';
    expect(loadConfig({ NODE_ENV: 'production', ADMIN_TOKEN: token })).toMatchObject({
      adminToken: token,
      adminTokenIsDefault: false,
      production: true,
    });
    // Outside production the printed development default still works, so a clone just runs.
    expect(loadConfig({}).adminToken).toBe(DEFAULT_ADMIN_TOKEN);
  });
});

describe('WORKERS', () => {
  test('more than one needs NATS_URL (the workers learn of appends through it); 0 is refused', () => {
    expect(loadConfig({}).workers).toBe(1);
    expect(() => loadConfig({ WORKERS: '2' })).toThrow(/WORKERS=2 needs NATS_URL/);
    expect(() => loadConfig({ WORKERS: '0' })).toThrow(/WORKERS must be at least 1/);
    expect(loadConfig({ WORKERS: '2', NATS_URL: 'nats://127.0.0.1:4222' }).workers).toBe(2);
  });
});
