// Each test file gets its own fresh database, migrated by the app's own migrator and dropped
// afterwards, so runs never see each other's data.
import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll } from 'vitest';
import { ensureServer } from '../scripts/ensure-server.js';
import { createDb, type DbHandle } from '../src/client.js';
import { databaseUrl, withDatabase } from '../src/config.js';
import { migrate } from '../src/migrate.js';

export interface TestDatabase {
  url: string;
  name: string;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `tagtime_test_${randomBytes(6).toString('hex')}`;
  const url = withDatabase(databaseUrl(), name);
  await ensureServer(url);
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

/** Registers hooks that create and migrate a database before the file's tests and drop it after. */
export function useTestDb(): { readonly db: DbHandle['db']; readonly handle: DbHandle } {
  let database: TestDatabase | undefined;
  let handle: DbHandle | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
    await migrate(database.url);
    handle = createDb(database.url);
  });
  afterAll(async () => {
    await handle?.close();
    if (database) await dropTestDatabase(database);
  });
  return {
    get db() {
      if (!handle) throw new Error('The test database is used before beforeAll created it.');
      return handle.db;
    },
    get handle() {
      if (!handle) throw new Error('The test database is used before beforeAll created it.');
      return handle;
    },
  };
}
