import type { SyncClient } from '@tagtime/client';
import type { Settings } from './home.js';
import type { LmdbStore } from './store/lmdb-store.js';

// The types a command's work is handed, apart from `context.ts` (which makes them) so that the
// modules it uses, such as `diagnostics.ts`, can name them without importing it back.

/** Where the CLI keeps its files and what time it is (see `makeClock`). */
export interface CliEnv {
  home: string;
  now: () => number;
}

/** What a command that only reads the log needs (`log`, `stats`, `export`). */
export interface StoreContext {
  home: string;
  settings: Settings;
  store: LmdbStore;
}

/** What a command that writes or syncs needs: the store with a sync client over it. */
export interface Context extends StoreContext {
  client: SyncClient;
}
