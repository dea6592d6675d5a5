import { rm } from 'node:fs/promises';
import { createScratchDatabase } from '@tagtime/db/testing';
import { DATA_DIR, DATABASE_URL } from './env.js';

/** Creates and migrates this run's database; returns the teardown that drops it. */
export default async function globalSetup(): Promise<() => Promise<void>> {
  // The plan catalogue is reference data every deployment writes (`npm run db:seed` does).
  const database = await createScratchDatabase({ url: DATABASE_URL, plans: true });
  return async () => {
    await rm(DATA_DIR ?? '', { recursive: true, force: true });
    await database.drop();
  };
}
