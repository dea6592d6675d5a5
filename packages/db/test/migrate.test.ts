import { getTableName, is } from 'drizzle-orm';
import { MySqlTable } from 'drizzle-orm/mysql-core';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../src/migrate.js';
import * as schema from '../src/schema/index.js';
import { createTestDatabase, dropTestDatabase, type TestDatabase } from './test-database.js';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await dropTestDatabase(database);
});

async function snapshot(url: string) {
  const connection = await mysql.createConnection({ uri: url });
  try {
    const [tables] = await connection.query(
      'select table_name as name from information_schema.tables where table_schema = database() order by table_name',
    );
    const [applied] = await connection.query('select count(*) as count from __drizzle_migrations');
    const [triggers] = await connection.query(
      'select trigger_name as name from information_schema.triggers where trigger_schema = database() order by trigger_name',
    );
    return { tables, applied, triggers };
  } finally {
    await connection.end();
  }
}

describe('migrate', () => {
  it('creates every table from an empty database', async () => {
    await migrate(database.url);
    const { tables, triggers } = await snapshot(database.url);
    // Every table the schema declares exists, and nothing else but drizzle's journal.
    const declared = Object.values(schema)
      .filter((value) => is(value, MySqlTable))
      .map((table) => getTableName(table));
    expect(declared).toEqual(expect.arrayContaining(['users', 'devices', 'audit_events']));
    expect((tables as Array<{ name: string }>).map((t) => t.name).sort()).toEqual(
      ['__drizzle_migrations', ...declared].sort(),
    );
    expect((triggers as Array<{ name: string }>).map((t) => t.name)).toEqual([
      'audit_events_no_delete',
      'audit_events_no_update',
    ]);
  });

  it('re-applies as a no-op', async () => {
    const before = await snapshot(database.url);
    await migrate(database.url);
    await migrate(database.url);
    expect(await snapshot(database.url)).toEqual(before);
  });
});
