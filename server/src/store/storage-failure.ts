import { statfs } from 'node:fs/promises';
import type { RootDatabase } from 'lmdb';

/**
 * A write the log store could not make durable — its disk is full, or it failed to write —
 * so nothing of it was stored. Reads go on; writes work again once the cause is gone.
 */
export class StorageFailure extends Error {
  override readonly name = 'StorageFailure';

  constructor(
    /** Whether the store's file system has (almost) no space left. */
    readonly full: boolean,
    options: { cause: unknown },
  ) {
    super(full ? "the log store's disk is full" : 'the log store failed to write', options);
  }
}

/** Free space below which the store's file system counts as full. */
const FULL_BELOW_BYTES = 4 * 1024 * 1024;

const MDB_MAP_FULL = -30792;

/** lmdb-js's rejection of a failed commit (or a failed flush: an errno from the file system). */
function isWriteFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if ('commitError' in error) return true;
  const code = (error as { code?: unknown }).code;
  return code === 'ENOSPC' || code === 'EIO' || code === 'EDQUOT' || code === MDB_MAP_FULL;
}

/**
 * What an append that threw should throw on: a StorageFailure for a failed commit or flush,
 * anything else unchanged. lmdb-js also rejects its own commit promise and a `commitError`
 * promise that nobody awaits; unhandled, either ends the process (issue 13, item 5), so both
 * get a handler here — at once, before the rejection is reported.
 */
export async function asStorageFailure(
  env: RootDatabase,
  path: string,
  error: unknown,
): Promise<unknown> {
  if (!isWriteFailure(error)) return error;
  env.committed.then(undefined, () => {});
  (error as { commitError?: Promise<unknown> }).commitError?.catch(() => {});
  return new StorageFailure(await diskIsFull(path), { cause: error });
}

async function diskIsFull(path: string): Promise<boolean> {
  try {
    const stats = await statfs(path);
    return stats.bavail * stats.bsize < FULL_BELOW_BYTES;
  } catch {
    return false;
  }
}

/**
 * The process-wide safety net for the same: a rejection lmdb-js raised for a commit whose
 * failure the append already answered. Anything else is not ours to swallow.
 */
export function isUnawaitedCommitFailure(reason: unknown): boolean {
  return reason instanceof Error && 'commitError' in reason;
}
