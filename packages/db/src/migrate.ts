import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate as drizzleMigrate } from 'drizzle-orm/mysql2/migrator';
import { createDb } from './client.js';

/**
 * The committed drizzle-kit migrations; the same path from src/ and from dist/. Joined at run
 * time rather than `new URL('../drizzle', import.meta.url)`, which bundlers (Next's Turbopack)
 * take for an asset to resolve and fail on when the console imports this package.
 */
export const MIGRATIONS_FOLDER = join(dirname(fileURLToPath(import.meta.url)), '..', 'drizzle');

/** Applies the committed migrations that are not applied yet; a no-op when all are. */
export async function migrate(url?: string): Promise<void> {
  const { db, close } = createDb(url);
  try {
    await drizzleMigrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  } finally {
    await close();
  }
}
