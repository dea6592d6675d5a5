import { type StateEntry, type StateEntryKey, stateFromEntries } from '@tagtime/log';
import type { Key, RootDatabase } from 'lmdb';
import { type KeptViews, readMeta, viewOfNoRecords } from './kept-views.js';
import { userViewRange, viewKey } from './keys.js';
import { foldNewRecords, stable, userCounts } from './view-folds.js';

/** The kept views' upkeep beside the appends: catch-up at open, verify, and rebuild on repair. */

export interface CatchUpProgress {
  /** Users whose view needed folding, and how many are done. */
  users: number;
  usersDone: number;
  /** Records folded so far, and the time it took. */
  records: number;
  ms: number;
  done: boolean;
  /** Users whose records could not be folded (a damaged store: `verify --repair`). */
  failed: { userId: string; error: string }[];
}

/** Progress is reported at most this often while a catch-up runs (and once at its end). */
const PROGRESS_EVERY_MS = 1000;

/**
 * Brings every user's kept view up to date with their records: a user whose `meta` is
 * missing, of another version or zone, or counts other than the `logs` index does is refolded
 * from the records, one write transaction each. Run at open, before any append (with WORKERS,
 * the cluster primary runs it before forking). Reports nothing when nothing needed doing.
 */
export function catchUpViews(
  env: RootDatabase,
  views: KeptViews,
  onProgress?: (progress: CatchUpProgress) => void,
): CatchUpProgress {
  const start = performance.now();
  const todo: string[] = [];
  for (const [userId, count] of userCounts(views.logs.index)) {
    const meta = readMeta(views.db.get(viewKey(userId, ['meta'])));
    if (meta === undefined || meta.size !== count) todo.push(userId);
  }
  const progress: CatchUpProgress = {
    users: todo.length,
    usersDone: 0,
    records: 0,
    ms: 0,
    done: false,
    failed: [],
  };
  let reportedAt = start;
  for (const userId of todo) {
    try {
      progress.records += env.transactionSync(() => views.rebuild(userId));
    } catch (error) {
      // A store damaged before its records were checked; the others are brought up to date.
      progress.failed.push({ userId, error: String(error) });
    }
    progress.usersDone += 1;
    const now = performance.now();
    progress.ms = now - start;
    if (now - reportedAt >= PROGRESS_EVERY_MS && progress.usersDone < todo.length) {
      reportedAt = now;
      onProgress?.({ ...progress });
    }
  }
  progress.done = true;
  progress.ms = performance.now() - start;
  if (todo.length > 0) onProgress?.({ ...progress });
  return progress;
}

/**
 * For `verify`: every user's kept view must equal a fresh fold of their records, and no user
 * without logs may have one.
 */
export function verifyViews(views: KeptViews, report: (problem: string) => void): void {
  const counts = userCounts(views.logs.index);
  for (const userId of counts.keys()) {
    const entries: StateEntry[] = [];
    for (const { key, value } of views.db.getRange(userViewRange(userId))) {
      entries.push({ key: (key as Key[]).slice(1) as StateEntryKey, value });
    }
    const kept = stateFromEntries(entries);
    const fresh = viewOfNoRecords();
    try {
      foldNewRecords(views.logs, fresh, userId, undefined);
    } catch (error) {
      report(`records of user ${userId} do not fold into a view: ${String(error)}`);
      continue;
    }
    const want = fresh.state();
    if (kept === undefined) {
      report(`kept view of user ${userId} is missing (${want.size} records)`);
      continue;
    }
    const parts = ['size', 'heads', 'pings', 'renames', 'tags', 'config', 'diagnostics'] as const;
    const differ = parts.filter((part) => stable(kept[part]) !== stable(want[part]));
    if (differ.length > 0) {
      report(
        `kept view of user ${userId} differs from a fresh fold of its ${want.size} records in ${differ.join(', ')}`,
      );
    }
  }
  let last: string | undefined;
  // Not `getKeys`: after it, lmdb-js 3.5 reads ranges of the same database without their
  // values for the rest of the read transaction (it reuses the cursor).
  for (const { key } of views.db.getRange({})) {
    const userId = (key as Key[])[0] as string;
    if (userId === last) continue;
    last = userId;
    if (!counts.has(userId)) report(`kept view of user ${userId}, who has no logs`);
  }
}

/** Refolds every user's view from the records (after a repair); call in a write transaction. */
export function rebuildAllViews(views: KeptViews): number {
  views.clearCache();
  for (const key of views.db.getKeys({})) views.db.removeSync(key);
  let folded = 0;
  for (const userId of userCounts(views.logs.index).keys()) folded += views.rebuild(userId);
  return folded;
}
