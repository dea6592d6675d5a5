import { fileURLToPath } from 'node:url';
import { migrate as drizzleMigrate } from 'drizzle-orm/mysql2/migrator';
import { createDb } from './client.js';

/** The committed drizzle-kit migrations; the same path from src/ and from dist/. */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../drizzle', import.meta.url));

/** Applies the committed migrations that are not applied yet; a no-op when all are. */
export async function migrate(url?: string): Promise<void> {
  const { db, close } = createDb(url);
  try {
    await drizzleMigrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  } finally {
    await close();
  }
}
