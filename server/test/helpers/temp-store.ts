import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { LmdbLogStore } from '../../src/store/lmdb-store.js';

/** An LMDB store in a fresh temporary directory, removed on `dispose`. */
export function tempStore(): { store: LmdbLogStore; path: string; dispose(): Promise<void> } {
  const path = mkdtempSync(join(tmpdir(), 'tagtime-store-'));
  const store = new LmdbLogStore({ path });
  return {
    store,
    path,
    async dispose() {
      await store.close();
      rmSync(path, { recursive: true, force: true });
    },
  };
}

/**
 * A fresh temporary store for every test of the file (made before each, disposed of after):
 * `temp.store` and `temp.path` are the running test's.
 */
export function storePerTest(): { readonly store: LmdbLogStore; readonly path: string } {
  let temp: ReturnType<typeof tempStore> | undefined;
  beforeEach(() => {
    temp = tempStore();
  });
  afterEach(async () => {
    await temp?.dispose();
    temp = undefined;
  });
  const current = () => {
    if (temp === undefined) throw new Error('storePerTest: no test is running');
    return temp;
  };
  return {
    get store() {
      return current().store;
    },
    get path() {
      return current().path;
    },
  };
}
