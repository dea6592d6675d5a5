import type { ServerConfig } from '../config.js';
import { ensureDataDir } from '../data-dir.js';
import type { CatchUpProgress } from './kept-views-upkeep.js';
import { LmdbLogStore } from './lmdb-store.js';

/** Where the store's start-up work is said: a line for people watching the server start. */
export type StartReport = (level: 'info' | 'warn', line: string) => void;

/**
 * Opens the LMDB store of `config`. Opening brings every user's kept view up to date with
 * their records (kept-views.ts); that can take a while on a store written by an older server,
 * so its progress is reported about once a second, and what could not be folded is a warning.
 */
export function openLmdbStore(config: ServerConfig, report: StartReport): LmdbLogStore {
  ensureDataDir(config.dataDir);
  return new LmdbLogStore({
    path: config.dataDir,
    commits: config.logCommits,
    viewCacheBytes: config.viewCacheBytes,
    onCatchUp: (progress) => {
      report('info', describeCatchUp(progress));
      for (const { userId, error } of progress.done ? progress.failed : []) {
        report(
          'warn',
          `kept view of user ${userId} not brought up to date (run the admin CLI's verify --repair): ${error}`,
        );
      }
    },
  });
}

const count = (n: number) => Math.round(n).toLocaleString('en-US');
const users = (n: number) => `${count(n)} ${n === 1 ? 'user' : 'users'}`;

/** One line of progress: users done of all, records folded, the rate. */
export function describeCatchUp(progress: CatchUpProgress): string {
  const rate = `${count((progress.records / Math.max(progress.ms, 1)) * 1000)} records/s`;
  if (progress.done) {
    return `kept views: ${users(progress.usersDone)} brought up to date, ${count(progress.records)} records folded in ${(progress.ms / 1000).toFixed(1)} s (${rate})`;
  }
  return `kept views: ${count(progress.usersDone)} of ${users(progress.users)}, ${count(progress.records)} records folded (${rate})`;
}
