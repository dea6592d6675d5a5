import { rm } from 'node:fs/promises';
import { dropScratchDatabase } from '@tagtime/db/testing';
import { DATA_DIR, DATABASE_URL, PUSH_DIR } from './env.js';

/**
 * This run's database is made before the servers start (`prepare-database.ts`, the log server's
 * web-server command); the teardown drops it, the log data and the push stand-in's certificates.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  return async () => {
    await rm(DATA_DIR ?? '', { recursive: true, force: true });
    await rm(PUSH_DIR, { recursive: true, force: true });
    await dropScratchDatabase(DATABASE_URL);
  };
}
