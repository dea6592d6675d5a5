import { existsSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import { LmdbStore, type LmdbStoreOptions } from './lmdb-store.js';

/** What opening found: how many records an NeDB store (the CLI before 0.2) brought in. */
export interface Migration {
  from: string;
  backup: string;
  records: number;
}

/**
 * Opens the store in `dir`, first moving an NeDB store at `nedbFile` into it if one is there.
 * The move is one LMDB transaction; only after it is on disk is the old file renamed to
 * `<file>.migrated` (kept, never deleted), so a crash at any point leaves every record in one
 * of the two, and the next run finishes the job.
 */
export async function openStore(
  dir: string,
  nedbFile: string,
  options: LmdbStoreOptions = {},
): Promise<{ store: LmdbStore; migration?: Migration }> {
  const store = await LmdbStore.open(dir, options);
  if (!existsSync(nedbFile)) return { store };
  const backup = `${nedbFile}.migrated`;
  let records = 0;
  try {
    if (store.migratedFrom() === undefined) {
      // Only a store of an older tagtime needs NeDB, so only then is it loaded.
      const { NedbStore } = await import('./nedb-store.js');
      const contents = await (await NedbStore.open(nedbFile)).contents();
      records = contents.own.length + contents.replica.length;
      await store.importContents(contents, nedbFile);
    }
    await rename(nedbFile, backup);
  } catch (error) {
    await store.close();
    throw new Error(
      `could not move the old log ${nedbFile} into ${dir}: ${(error as Error).message}; nothing was lost (the old file is unchanged)`,
      { cause: error },
    );
  }
  return { store, migration: { from: nedbFile, backup, records } };
}
