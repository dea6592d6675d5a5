import type { ServerConfig } from '../config.js';
import { ensureDataDir } from '../data-dir.js';
import { LmdbLogStore } from '../store/lmdb-store.js';
import { repairStore } from '../store/verify.js';
import type { CommandResult } from './result.js';

async function withStore<T>(config: ServerConfig, use: (store: LmdbLogStore) => Promise<T>) {
  ensureDataDir(config.dataDir);
  const store = new LmdbLogStore({ path: config.dataDir });
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}

export async function headsCommand(config: ServerConfig, userId: string): Promise<CommandResult> {
  return withStore(config, async (store) => ({ output: await store.heads(userId), exitCode: 0 }));
}

/** Exit code 1 when the store has problems, so scripts and CI can act on it. */
export async function verifyCommand(config: ServerConfig): Promise<CommandResult> {
  return withStore(config, async (store) => {
    const report = await store.verify();
    return { output: report, exitCode: report.ok ? 0 : 1 };
  });
}

/**
 * `verify --repair`: fixes what verify finds without losing a record (see repairStore), then
 * verifies again; exit code 1 when problems remain.
 */
export async function repairCommand(config: ServerConfig): Promise<CommandResult> {
  return withStore(config, async (store) => {
    const report = await repairStore(store.env);
    return { output: report, exitCode: report.after.ok ? 0 : 1 };
  });
}
