// Each test file gets its own fresh MariaDB database, migrated by @tagtime/db's migrator and
// dropped afterwards, so runs never see each other's data.
import { createScratchDatabase, type ScratchDatabase } from '@tagtime/db/testing';

export type TestDatabase = ScratchDatabase;

/** `tagtime_test_<random>`, with the free plan's device limit lifted so a test user can hold
 * as many device logs as a test needs. */
export function createTestDatabase(): Promise<TestDatabase> {
  return createScratchDatabase({ prefix: 'tagtime_test', freeMaxDevices: 1000 });
}
