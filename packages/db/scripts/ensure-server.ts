// Reuses the root bootstrap (scripts/db-ensure.mjs): starts a local MariaDB when none answers,
// then creates the database of `url` if it is missing.
import { fileURLToPath } from 'node:url';

interface DbEnsureModule {
  ensureDatabase(url: string, io?: Pick<Console, 'log'>): Promise<{ database: string }>;
}

const DB_ENSURE = fileURLToPath(new URL('../../../scripts/db-ensure.mjs', import.meta.url));

export async function ensureServer(url: string, io: Pick<Console, 'log'> = console): Promise<void> {
  // A path in a variable keeps TypeScript from looking for types of the untyped .mjs module.
  const module = (await import(DB_ENSURE)) as DbEnsureModule;
  await module.ensureDatabase(url, io);
}
