import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClientStore } from '@tagtime/client';
import { describeStoreContract } from '@tagtime/client/testing';
import { afterAll } from 'vitest';
import { LmdbStore } from '../src/store/lmdb-store.js';
import { NedbStore } from '../src/store/nedb-store.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tagtime-store-'));
  dirs.push(dir);
  return dir;
}

describeStoreContract('LmdbStore', async () => {
  const path = join(await tempDir(), 'store');
  let current = await LmdbStore.open(path);
  return {
    store: current,
    reopen: async (): Promise<ClientStore> => {
      await current.close();
      current = await LmdbStore.open(path);
      return current;
    },
    close: () => current.close(),
  };
});

// The store of CLI versions before LMDB: still read to migrate, so it keeps to the contract.
describeStoreContract('NedbStore', async () => {
  const file = join(await tempDir(), 'log.db');
  return { store: await NedbStore.open(file), reopen: () => NedbStore.open(file) };
});
