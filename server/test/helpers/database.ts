// Each test file gets its own fresh MariaDB database, migrated by @tagtime/db's migrator and
// dropped afterwards, so runs never see each other's data.
import { randomBytes } from 'node:crypto';
import { createDb, type DbHandle, databaseUrl, migrate, withDatabase } from '@tagtime/db';
import mysql from 'mysql2/promise';

export interface TestDatabase {
  url: string;
  name: string;
  handle: DbHandle;
  drop(): Promise<void>;
}

async function adminQuery(url: string, sql: string, values: unknown[] = []): Promise<void> {
  const connection = await mysql.createConnection({ uri: withDatabase(url, '') });
  try {
    await connection.query(sql, values);
  } finally {
    await connection.end();
  }
}

/**
 * Creates `tagtime_test_<random>`, migrates it, and lifts the free plan's device limit so a
 * test user can hold as many device logs as a test needs.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `tagtime_test_${randomBytes(6).toString('hex')}`;
  const url = withDatabase(databaseUrl(), name);
  await adminQuery(url, `CREATE DATABASE \`${name}\``);
  await migrate(url);
  await adminQuery(
    url,
    `INSERT INTO \`${name}\`.plans (code, name, price_per_seat_cents, currency, max_devices, history_days, created_at, updated_at)
     VALUES ('free', 'Free', 0, 'USD', 1000, NULL, NOW(3), NOW(3))
     ON DUPLICATE KEY UPDATE max_devices = 1000`,
  );
  const handle = createDb(url);
  return {
    url,
    name,
    handle,
    async drop() {
      await handle.close();
      await adminQuery(url, `DROP DATABASE IF EXISTS \`${name}\``);
    },
  };
}
