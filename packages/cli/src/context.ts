import { SyncClient } from '@tagtime/client';
import { ensureHome, paths, readSettings, type Settings, UNPAIRED_DEVICE } from './home.js';
import { acquireLock } from './store/lock.js';
import { NedbStore } from './store/nedb-store.js';

/** Where the CLI keeps its files and what time it is (see `makeClock`). */
export interface CliEnv {
  home: string;
  now: () => number;
}

/** A server that does not answer within this is treated as unreachable (the data is kept). */
const REQUEST_TIMEOUT_MS = 10_000;

export interface Context {
  home: string;
  settings: Settings;
  store: NedbStore;
  client: SyncClient;
}

/** Makes a client over a store and the pairing settings. */
export function clientFor(store: NedbStore, settings: Settings, now: () => number): SyncClient {
  const server =
    settings.server && settings.token ? { url: settings.server, token: settings.token } : undefined;
  return new SyncClient({
    device: settings.device ?? UNPAIRED_DEVICE,
    store,
    server,
    now,
    fetch: (input, init) =>
      fetch(input, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) }),
  });
}

/**
 * Opens the log under the store lock, runs `task`, and closes it again. Commands hold the lock
 * only while they work, so `tagtime run` in one terminal and `tagtime answer` in another take
 * turns instead of corrupting the file.
 */
export async function withContext<T>(env: CliEnv, task: (ctx: Context) => Promise<T>): Promise<T> {
  const { home } = env;
  await ensureHome(home);
  const lock = await acquireLock(paths(home).lock);
  try {
    const settings = await readSettings(home);
    const store = await NedbStore.open(paths(home).log);
    return await task({ home, settings, store, client: clientFor(store, settings, env.now) });
  } finally {
    await lock.release();
  }
}
