// A fresh database for this test file, migrated by the app's own migrator, dropped afterwards.
import { randomBytes } from 'node:crypto';
import {
  createDb,
  type DbHandle,
  databaseUrl,
  migrate,
  PLAN_CATALOGUE,
  upsertPlans,
  withDatabase,
} from '@tagtime/db';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll } from 'vitest';

export function freshDatabase(): { readonly db: DbHandle['db'] } {
  const name = `tagtime_console_test_${randomBytes(5).toString('hex')}`;
  const url = withDatabase(databaseUrl(), name);
  let handle: DbHandle | undefined;

  async function admin(sql: string) {
    const connection = await mysql.createConnection({ uri: withDatabase(url, '') });
    try {
      await connection.query(sql);
    } finally {
      await connection.end();
    }
  }

  beforeAll(async () => {
    await admin(`CREATE DATABASE \`${name}\``);
    await migrate(url);
    handle = createDb(url);
    await upsertPlans(handle.db, PLAN_CATALOGUE);
  });
  afterAll(async () => {
    await handle?.close();
    await admin(`DROP DATABASE IF EXISTS \`${name}\``);
  });
  return {
    get db() {
      if (!handle) throw new Error('the test database is used before beforeAll made it');
      return handle.db;
    },
  };
}
