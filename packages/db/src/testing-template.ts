// Scratch databases are copies of one template migrated once per set of migrations: a suite
// makes dozens of them, and migrating each (sixty DDL statements, most of them ALTERs that
// rebuild a table) took seconds apiece on a busy machine, where copying the finished schema (a
// CREATE TABLE per table, its triggers, its rows) takes a fraction of that. Tests only.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { withDatabase } from './config.js';
import { MIGRATIONS_FOLDER, migrate } from './migrate.js';

/** Made last in a template: a template without it was cut short and is made again. */
const READY = 'template_ready';

type Row = Record<string, unknown>;

/** `tagtime_template_<hash of the migrations>`: other migrations never reuse a template. */
function templateName(): string {
  const hash = createHash('sha256');
  const files = readdirSync(MIGRATIONS_FOLDER, { recursive: true, encoding: 'utf8' }).sort();
  for (const file of files.filter((f) => f.endsWith('.sql') || f.endsWith('.json'))) {
    hash.update(file).update(readFileSync(join(MIGRATIONS_FOLDER, file)));
  }
  return `tagtime_template_${hash.digest('hex').slice(0, 16)}`;
}

async function query(connection: mysql.Connection, sql: string, values: unknown[] = []) {
  const [rows] = await connection.query(sql, values);
  return rows as Row[];
}

/**
 * The template on `url`'s server, migrated by the app's own migrator if it is not there yet.
 * Every process of every suite may ask at once: a MariaDB named lock lets one make it.
 */
async function ensureTemplate(url: string): Promise<string> {
  const name = templateName();
  const connection = await mysql.createConnection({ uri: withDatabase(url, '') });
  try {
    const [lock] = await query(connection, 'SELECT GET_LOCK(?, 600) AS got', [name]);
    if (lock?.got !== 1) throw new Error(`could not lock the template database ${name}`);
    const ready = await query(
      connection,
      'SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?',
      [name, READY],
    );
    if (ready.length === 0) {
      await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await connection.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4`);
      await migrate(withDatabase(url, name));
      await connection.query(`CREATE TABLE \`${name}\`.\`${READY}\` (id INT PRIMARY KEY)`);
    }
    await connection.query('SELECT RELEASE_LOCK(?)', [name]);
    return name;
  } finally {
    await connection.end();
  }
}

/**
 * Fills the empty database of `url` with the migrated schema: every table as SHOW CREATE TABLE
 * gives it (keys, foreign keys, charset), its rows (the migrator's journal), and the triggers.
 */
export async function copyMigratedSchema(url: string): Promise<void> {
  const template = await ensureTemplate(url);
  const connection = await mysql.createConnection({ uri: url });
  try {
    await connection.query('SET FOREIGN_KEY_CHECKS = 0');
    const tables = await query(
      connection,
      "SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE' AND TABLE_NAME <> ?",
      [template, READY],
    );
    for (const { name } of tables) {
      const [shown] = await query(connection, `SHOW CREATE TABLE \`${template}\`.\`${name}\``);
      await connection.query(String(shown?.['Create Table']));
      await connection.query(`INSERT INTO \`${name}\` SELECT * FROM \`${template}\`.\`${name}\``);
    }
    const triggers = await query(
      connection,
      'SELECT TRIGGER_NAME AS name FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ?',
      [template],
    );
    for (const { name } of triggers) {
      const [shown] = await query(connection, `SHOW CREATE TRIGGER \`${template}\`.\`${name}\``);
      await connection.query(String(shown?.['SQL Original Statement']));
    }
  } finally {
    await connection.end();
  }
}
