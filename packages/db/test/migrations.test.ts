// Migrations and the db:* scripts as `npm start` and people run them, on a scratch database:
// db:reset applies every migration from empty, migrate() re-applies as a no-op, db:seed fills it.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { getTableName, is } from 'drizzle-orm';
import { MySqlTable } from 'drizzle-orm/mysql-core';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../src/migrate.js';
import * as schema from '../src/schema/index.js';
import { DEMO_USERS } from '../src/seed/demo-data.js';
import { createTestDatabase, dropTestDatabase, type TestDatabase } from './test-database.js';

const run = promisify(execFile);
const packageDir = fileURLToPath(new URL('..', import.meta.url));
// Each script starts a process and may migrate; on a loaded machine that takes seconds.
const SCRIPT_TEST_TIMEOUT_MS = 120_000;
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await dropTestDatabase(database);
});

function script(name: string, nodeEnv = 'development') {
  return run(process.execPath, ['--import', 'tsx', `scripts/${name}.ts`], {
    cwd: packageDir,
    env: { ...process.env, DATABASE_URL: database.url, NODE_ENV: nodeEnv },
  });
}

async function query(sql: string): Promise<unknown> {
  const connection = await mysql.createConnection({ uri: database.url });
  try {
    const [rows] = await connection.query(sql);
    return rows;
  } finally {
    await connection.end();
  }
}

async function snapshot() {
  return {
    tables: ((await query('show tables')) as Array<Record<string, string>>)
      .map((row) => Object.values(row)[0])
      .sort(),
    applied: await query('select id, hash, created_at from __drizzle_migrations order by id'),
    triggers: await query(
      'select trigger_name as name from information_schema.triggers where trigger_schema = database() order by trigger_name',
    ),
  };
}

describe('migrations and db:* scripts', () => {
  it(
    'db:reset drops everything and applies every migration from empty',
    async () => {
      await query('create table leftover (id int)');
      const reset = await script('reset');
      expect(reset.stdout).toContain(`recreated database "${database.name}"`);
      const declared = Object.values(schema)
        .filter((value) => is(value, MySqlTable))
        .map((table) => getTableName(table));
      expect(declared).toEqual(expect.arrayContaining(['users', 'devices', 'audit_events']));
      const { tables, triggers } = await snapshot();
      expect(tables).toEqual(['__drizzle_migrations', ...declared].sort());
      expect(triggers).toEqual([
        { name: 'audit_events_no_delete' },
        { name: 'audit_events_no_update' },
      ]);
    },
    SCRIPT_TEST_TIMEOUT_MS,
  );

  it('migrate re-applies as a no-op', async () => {
    const before = await snapshot();
    await migrate(database.url);
    await migrate(database.url);
    expect(await snapshot()).toEqual(before);
  });

  it(
    'db:seed then gives the demo data and prints the sign-ins',
    async () => {
      const seeded = await script('seed');
      for (const user of DEMO_USERS) {
        expect(seeded.stdout).toMatch(new RegExp(`${user.email}\\s+password: ${user.password}`));
      }
      expect(
        await query(
          'select (select count(*) from users) users, (select count(*) from invoices) invoices',
        ),
      ).toEqual([{ users: DEMO_USERS.length, invoices: 3 }]);
    },
    SCRIPT_TEST_TIMEOUT_MS,
  );

  it(
    'db:reset refuses a production database',
    async () => {
      await expect(script('reset', 'production')).rejects.toMatchObject({
        stderr: expect.stringContaining('refuses to run with NODE_ENV=production'),
      });
      expect(await query('select count(*) n from users')).toEqual([{ n: DEMO_USERS.length }]);
    },
    SCRIPT_TEST_TIMEOUT_MS,
  );
});
