// Scratch databases are copied from a migrated template rather than migrated one by one: the
// copy must be the schema the migrator makes, to the last key, foreign key and trigger.
import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { withDatabase } from '../src/config.js';
import { migrate } from '../src/migrate.js';
import { createScratchDatabase, type ScratchDatabase } from '../src/testing.js';

let scratch: ScratchDatabase;
let connection: mysql.Connection;
/** Made as scratch databases were before the template: created, then migrated. */
const migrated = `tagtime_migrated_test_${randomBytes(6).toString('hex')}`;

beforeAll(async () => {
  scratch = await createScratchDatabase({ prefix: 'tagtime_scratch_test' });
  connection = await mysql.createConnection({ uri: withDatabase(inject('databaseUrl'), '') });
  await connection.query(`CREATE DATABASE \`${migrated}\` CHARACTER SET utf8mb4`);
  await migrate(withDatabase(inject('databaseUrl'), migrated));
});

afterAll(async () => {
  await connection?.query(`DROP DATABASE IF EXISTS \`${migrated}\``);
  await connection?.end();
  await scratch?.drop();
});

/** Every table's CREATE statement (without the AUTO_INCREMENT counter), and every trigger. */
async function schema(database: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const [tables] = await connection.query(
    "SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE'",
    [database],
  );
  for (const { name } of tables as { name: string }[]) {
    const [[shown]] = (await connection.query(`SHOW CREATE TABLE \`${database}\`.\`${name}\``)) as [
      Record<string, string>[],
      unknown,
    ];
    out[`table ${name}`] = String(shown?.['Create Table']).replace(/ AUTO_INCREMENT=\d+/, '');
  }
  const [triggers] = await connection.query(
    'SELECT TRIGGER_NAME AS name, EVENT_MANIPULATION AS event, ACTION_TIMING AS timing, EVENT_OBJECT_TABLE AS tbl, ACTION_STATEMENT AS body FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ?',
    [database],
  );
  for (const t of triggers as Record<string, string>[]) {
    out[`trigger ${t.name}`] = `${t.timing} ${t.event} ON ${t.tbl}: ${t.body}`;
  }
  return out;
}

it('holds the schema, triggers and migration journal the migrator makes', async () => {
  const want = await schema(migrated);
  expect(Object.keys(want).length).toBeGreaterThan(10);
  expect(Object.keys(want)).toContain('trigger audit_events_no_delete');
  expect(await schema(scratch.name)).toEqual(want);
  const journal = (db: string) =>
    connection
      .query(`SELECT hash, created_at FROM \`${db}\`.\`__drizzle_migrations\` ORDER BY id`)
      .then(([rows]) => rows);
  expect(await journal(scratch.name)).toEqual(await journal(migrated));
});
