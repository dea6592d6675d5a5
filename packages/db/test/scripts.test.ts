// The db:* scripts as `npm start` and people run them: db:reset, then db:seed, on a scratch database.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../src/seed/demo-data.js';
import { createTestDatabase, dropTestDatabase, type TestDatabase } from './test-database.js';

const run = promisify(execFile);
const packageDir = fileURLToPath(new URL('..', import.meta.url));
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await dropTestDatabase(database);
});

// Each script starts a process and migrates; under a loaded machine that takes seconds.
const SCRIPT_TEST_TIMEOUT_MS = 120_000;

function script(name: string, nodeEnv = 'development') {
  return run(process.execPath, ['--import', 'tsx', `scripts/${name}.ts`], {
    cwd: packageDir,
    env: { ...process.env, DATABASE_URL: database.url, NODE_ENV: nodeEnv },
  });
}

describe('db:reset then db:seed', () => {
  it(
    'gives a migrated database with the demo data and prints the sign-ins',
    async () => {
      const connection = await mysql.createConnection({ uri: database.url });
      try {
        await connection.query('create table leftover (id int)');
        const reset = await script('reset');
        expect(reset.stdout).toContain(`recreated database "${database.name}"`);
        const [leftover] = await connection.query("show tables like 'leftover'");
        expect(leftover).toEqual([]);
        const seeded = await script('seed');
        for (const user of DEMO_USERS) {
          expect(seeded.stdout).toMatch(new RegExp(`${user.email}\\s+password: ${user.password}`));
        }
        const [rows] = await connection.query(
          'select (select count(*) from users) users, (select count(*) from invoices) invoices',
        );
        expect(rows).toEqual([{ users: DEMO_USERS.length, invoices: 3 }]);
      } finally {
        await connection.end();
      }
    },
    SCRIPT_TEST_TIMEOUT_MS,
  );

  it(
    'refuses to reset a production database',
    async () => {
      await expect(script('reset', 'production')).rejects.toMatchObject({
        stderr: expect.stringContaining('refuses to run with NODE_ENV=production'),
      });
    },
    SCRIPT_TEST_TIMEOUT_MS,
  );
});
