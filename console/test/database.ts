// A fresh database for this test file, with the plan catalogue, dropped afterwards.
import type { DbHandle } from '@tagtime/db';
import { createScratchDatabase, type ScratchDatabase } from '@tagtime/db/testing';
import { afterAll, beforeAll } from 'vitest';

export function freshDatabase(): { readonly db: DbHandle['db'] } {
  let scratch: ScratchDatabase | undefined;
  beforeAll(async () => {
    scratch = await createScratchDatabase({ prefix: 'tagtime_console_test', plans: true });
  });
  afterAll(async () => {
    await scratch?.drop();
  });
  return {
    get db() {
      if (!scratch) throw new Error('the test database is used before beforeAll made it');
      return scratch.handle.db;
    },
  };
}
