import type { SyncClient } from '@tagtime/client';
import type { CliEnv, Context, StoreContext } from './context-types.js';
import { failureContext, record } from './diagnostics.js';
import { ensureHome, paths, readSettings, type Settings, UNPAIRED_DEVICE } from './home.js';
import { httpFetch } from './http-fetch.js';
import type { Progress } from './store/kept-view.js';
import type { LmdbStore } from './store/lmdb-store.js';
import { acquireLock } from './store/lock.js';
import { openStore } from './store/open-store.js';
import { ProgressBar } from './ui/progress.js';

export type { CliEnv, Context, StoreContext } from './context-types.js';

/** An error of LMDB itself (a full disk, a damaged file), not of what a command was asked. */
function isStoreProblem(error: unknown): boolean {
  return error instanceof Error && /\bMDB_|\blmdb\b/i.test(error.message);
}

/** A server that does not answer within this is treated as unreachable (the data is kept). */
const REQUEST_TIMEOUT_MS = 10_000;

/**
 * Makes a client over a store and the pairing settings. The client (and the record validator
 * and HTTP schemas behind it) is loaded only by commands that write or sync, so reading the log
 * does not pay for loading them.
 */
export async function clientFor(
  store: LmdbStore,
  settings: Settings,
  now: () => number,
): Promise<SyncClient> {
  const { openWithFetch, SyncClient } = await import('@tagtime/client');
  const server =
    settings.server && settings.token ? { url: settings.server, token: settings.token } : undefined;
  return new SyncClient({
    device: settings.device ?? UNPAIRED_DEVICE,
    store,
    server,
    now,
    fetch: httpFetch(REQUEST_TIMEOUT_MS),
    // The event stream (`tagtime run`) stays open for good: `fetch`, and no request timeout.
    openEventSource: openWithFetch(),
  });
}

/** A bar while the store refolds the whole log (once, after an upgrade or a relabel). */
function refoldProgress(): Progress {
  let bar: ProgressBar | undefined;
  return (done, total) => {
    bar ??= new ProgressBar('rebuilding the view of your log', total);
    bar.update(done);
    if (done >= total) {
      bar.done();
      bar = undefined;
    }
  };
}

/**
 * Opens the log under the store lock, runs `task`, and closes it again. Commands hold the lock
 * only while they work, so `tagtime run` in one terminal and `tagtime answer` in another take
 * turns: each reads what it needs (the clock, the last ping asked about) and then writes, and
 * two of them interleaving those steps would stamp records wrongly.
 */
export async function withStore<T>(
  env: CliEnv,
  task: (ctx: StoreContext) => Promise<T>,
): Promise<T> {
  const { home } = env;
  await ensureHome(home);
  const lock = await acquireLock(paths(home).lock);
  try {
    const settings = await readSettings(home);
    const { store, migration } = await openStore(paths(home).store, paths(home).nedbLog, {
      onRefold: refoldProgress(),
    });
    if (migration) {
      console.error(
        `moved your log (${migration.records} records) from ${migration.from} to the new store in ${paths(home).store}; the old file is kept as ${migration.backup}`,
      );
    }
    const ctx = { home, settings, store };
    try {
      return await task(ctx);
    } catch (error) {
      if (isStoreProblem(error)) {
        // Best effort: a store that failed one write may take this small one; if not, the
        // error itself still reaches the user below.
        await clientFor(store, settings, env.now)
          .then((client) =>
            record({ ...ctx, client }, env.now(), {
              kind: 'error',
              message: `store problem: ${(error as Error).message}`,
              context: failureContext(error),
            }),
          )
          .catch(() => undefined);
      }
      throw error;
    } finally {
      await store.close();
    }
  } finally {
    await lock.release();
  }
}

/** `withStore` with a sync client over the store, for commands that write or sync. */
export function withContext<T>(env: CliEnv, task: (ctx: Context) => Promise<T>): Promise<T> {
  return withStore(env, async (ctx) =>
    task({ ...ctx, client: await clientFor(ctx.store, ctx.settings, env.now) }),
  );
}
