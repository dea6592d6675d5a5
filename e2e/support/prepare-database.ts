// Creates and migrates this run's database before the log server starts: Playwright starts its
// web servers before the global setup, and the server reports itself ready (`/healthz`) only once
// its database answers. The global setup's teardown drops it again.
import { createScratchDatabase } from '@tagtime/db/testing';
import { DATABASE_URL } from './env.js';

// The plan catalogue is reference data every deployment writes (`npm run db:seed` does).
const database = await createScratchDatabase({ url: DATABASE_URL, plans: true });
await database.handle.close();
