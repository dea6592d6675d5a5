import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, inject } from 'vitest';
import { ensureServer } from '../scripts/ensure-server.js';
import { createDb, type DbHandle } from '../src/client.js';
import { databaseUrl, withDatabase } from '../src/config.js';

export interface TestDatabase {
  url: string;
  name: string;
}

/** Creates an empty database with a random `tagtime_test_…` name on the DATABASE_URL server. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `tagtime_test_${randomBytes(6).toString('hex')}`;
  const url = withDatabase(databaseUrl(), name);
  await ensureServer(url, { log: () => {} });
  return { url, name };
}

export async function dropTestDatabase({ url, name }: TestDatabase): Promise<void> {
  const connection = await mysql.createConnection({ uri: withDatabase(url, '') });
  try {
    await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
  } finally {
    await connection.end();
  }
}

/** A client on this run's migrated database (see global-setup.ts), opened and closed per file. */
export function useTestDb(): { readonly db: DbHandle['db']; readonly handle: DbHandle } {
  let handle: DbHandle | undefined;
  beforeAll(() => {
    handle = createDb(inject('databaseUrl'));
  });
  afterAll(async () => {
    await handle?.close();
  });
  const current = (): DbHandle => {
    if (!handle) throw new Error('The test database is used before beforeAll opened it.');
    return handle;
  };
  return {
    get db() {
      return current().db;
    },
    get handle() {
      return current();
    },
  };
}
