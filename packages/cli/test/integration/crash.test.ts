import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryStore, SyncClient } from '@tagtime/client';
import type { LogRecord } from '@tagtime/log';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { LmdbStore } from '../../src/store/lmdb-store.js';
import {
  makeDevice,
  makeUser,
  openTestDatabase,
  ROOT,
  removeDir,
  type TestDatabase,
} from './harness.js';

let db: TestDatabase;
let serverUrl: string;
let dir: string;

beforeAll(async () => {
  db = openTestDatabase(inject('databaseUrl'));
  serverUrl = inject('serverUrl');
  dir = await mkdtemp(join(tmpdir(), 'tagtime-crash-'));
}, 90_000);

afterAll(async () => {
  if (dir) await removeDir(dir);
  await db?.drop();
});

function run(args: string[]): Promise<{ signal: string | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    // Node itself runs the script (tsx as a loader), so the kill reaches the pushing process.
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--conditions=@tagtime/source', ...args],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => resolve({ signal, stdout }));
  });
}

it('a client killed between send and acknowledgement resends without duplicates', async () => {
  const userId = await makeUser(db);
  const laptop = await makeDevice(db, userId, 'laptop');
  const phone = await makeDevice(db, userId, 'phone');
  const file = join(dir, 'store');
  // 6000 records: two batches (5000 is the protocol's limit), and the kill comes after the first.
  const records: LogRecord[] = Array.from({ length: 6000 }, (_, i) => ({
    device: laptop.device,
    t: 1_700_000_000_000 + i,
    kind: 'event',
    body: { name: 'tick', data: i },
  }));
  const before = await LmdbStore.open(file);
  await before.appendOwn(records);
  await before.close();

  const crashed = await run([
    join(import.meta.dirname, 'fixtures/push-then-die.ts'),
    file,
    serverUrl,
    laptop.device,
    laptop.token,
  ]);
  expect(crashed.signal).toBe('SIGKILL');
  expect(crashed.stdout).toContain('server answered 200: {"accepted":5000,"duplicates":0');

  const store = await LmdbStore.open(file);
  expect(await store.acked()).toBeUndefined();
  expect(await store.unackedCount()).toBe(6000);
  const restarted = new SyncClient({
    device: laptop.device,
    store,
    server: { url: serverUrl, token: laptop.token },
  });
  expect(await restarted.push()).toEqual({
    sent: 6000,
    accepted: 1000,
    duplicates: 5000,
    batches: 2,
  });
  expect(await store.unackedCount()).toBe(0);

  const other = new SyncClient({
    device: phone.device,
    store: new MemoryStore(),
    server: { url: serverUrl, token: phone.token },
    pageSize: 1000,
  });
  await other.pull();
  const seen = await other.store.replicaRecords();
  expect(seen).toHaveLength(6000);
  expect(seen).toEqual(records);
  expect(await other.heads()).toEqual({ [laptop.device]: 1_700_000_000_000 + 5999 });
});
