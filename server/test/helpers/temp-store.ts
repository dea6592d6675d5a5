import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
