import { statfs } from 'node:fs/promises';
import { constants } from 'node:os';
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
/** LMDB's answer to every write once a meta page could not be written: the disk failed. */
const MDB_PANIC = -30795;

/**
 * File-system errors of a write, by name (a failed flush) and by number (a failed commit): a
 * full disk, a failed write or sync, and a file system that is gone or read-only under us.
 */
const WRITE_ERRORS = new Set<unknown>(
  (['ENOSPC', 'EIO', 'EDQUOT', 'EROFS', 'ENXIO', 'ENODEV', 'ESTALE', 'EBADF'] as const).flatMap(
    (name) => [name, constants.errno[name]],
  ),
);

/**
 * lmdb-js's rejection of a failed asynchronous commit, or the error a failed synchronous commit
 * throws (its `code` the errno), or a failed flush (the errno's name).
 */
function isWriteFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if ('commitError' in error || isPanic(error)) return true;
  const code = (error as { code?: unknown }).code;
  return WRITE_ERRORS.has(code) || code === MDB_MAP_FULL;
}

/** lmdb-js reports MDB_PANIC by its message (its code is then EINVAL's). */
function isPanic(error: Error): boolean {
  return error.message.includes('MDB_PANIC') || (error as { code?: unknown }).code === MDB_PANIC;
}

/**
 * Whether the environment refuses every transaction (MDB_PANIC). Reading its statistics asks:
 * LMDB checks at the start of the read transaction they take.
 */
export function environmentIsDead(env: RootDatabase): boolean {
  try {
    env.getStats();
    return false;
  } catch (error) {
    return error instanceof Error && isPanic(error);
  }
}

/**
 * What an append that threw should throw on: a StorageFailure for a failed commit or flush,
 * anything else unchanged. lmdb-js also rejects its own commit promise and a `commitError`
 * promise that nobody awaits; unhandled, either ends the process, so both
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
