// The admin CLI as a real process against a real database and LMDB directory.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { runCli } from '../src/cli/run.js';
import { LmdbLogStore } from '../src/store/lmdb-store.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { makeRecords } from './helpers/fixtures.js';
import { runAdminCli } from './helpers/process.js';

let database: TestDatabase;
let dataDir: string;
let env: Record<string, string>;

beforeAll(async () => {
  database = await createTestDatabase();
  dataDir = mkdtempSync(join(tmpdir(), 'tagtime-cli-'));
  env = { DATA_DIR: dataDir, DATABASE_URL: database.url };
});
afterAll(async () => {
  await database?.drop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** Runs a command in this process, as the binary would. */
async function cli(...args: string[]): Promise<{ code: number; output: Record<string, unknown> }> {
  const { exitCode, output } = await runCli(args, { ...process.env, ...env });
  return { code: exitCode, output: output as Record<string, unknown> };
}

/** Runs the real binary, for what only a process shows: exit codes and streams. */
const cliProcess = (...args: string[]) => runAdminCli(args, env);

test('create-device creates a user and a device and prints a working token; revoke revokes it', async () => {
  const created = await cli('create-device', 'cli-user@example.test', '--name', 'laptop');
  expect(created.code).toBe(0);
  const { userId, deviceId, token } = created.output as {
    userId: string;
    deviceId: string;
    token: string;
  };
  expect(userId).toMatch(/^usr_/);
  expect(token).toMatch(/^ttd_/);

  const { authenticateDeviceToken } = await import('@tagtime/db');
  expect(await authenticateDeviceToken(database.handle.db, token)).toMatchObject({
    deviceId,
    userId,
    kind: 'cli',
  });
  const second = (await cli('create-device', 'cli-user@example.test')).output;
  expect(second.userId).toBe(userId);
  expect(second.deviceId).not.toBe(deviceId);

  const revoked = await cli('revoke', deviceId);
  expect(revoked.code).toBe(0);
  expect(revoked.output.revokedAt).toEqual(expect.any(String));
  expect(await authenticateDeviceToken(database.handle.db, token)).toBeUndefined();
}, 60_000);

test('heads and verify read the store; verify exits 1 on a broken store', async () => {
  const store = new LmdbLogStore({ path: dataDir });
  try {
    await store.append('usr_cli', 'dev_a', makeRecords('dev_a', 10, 3));
  } finally {
    await store.close();
  }
  expect((await cli('heads', 'usr_cli')).output).toEqual({ dev_a: 12 });
  const good = await cli('verify');
  expect(good.code).toBe(0);
  expect(good.output).toMatchObject({ ok: true, records: 3, logs: 1 });

  const broken = new LmdbLogStore({ path: dataDir });
  try {
    await broken.records.put(['usr_cli', 'dev_a', 99], '{"half":');
  } finally {
    await broken.close();
  }
  const bad = await cliProcess('verify');
  expect(bad.code).toBe(1);
  expect(JSON.parse(bad.stdout).problems.length).toBeGreaterThan(0);
}, 60_000);

test('usage errors exit 2 and print the usage', async () => {
  const result = await cliProcess('frobnicate');
  expect(result.code).toBe(2);
  expect(result.stderr).toContain('Usage:');
}, 30_000);
