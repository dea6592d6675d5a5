// Runs the database bootstrap against the real MariaDB of this machine.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import mysql from 'mysql2/promise';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_DATABASE_URL, ensureDatabase, parseDatabaseUrl } from '../db-ensure.mjs';

const script = fileURLToPath(new URL('../db-ensure.mjs', import.meta.url));
const name = `tagtime_ensure_${randomBytes(4).toString('hex')}`;
const url = `mysql://root@127.0.0.1:3306/${name}`;
const quiet = { log: () => {} };

async function databaseExists(database) {
  const connection = await mysql.createConnection({ host: '127.0.0.1', user: 'root' });
  try {
    const [rows] = await connection.query('SHOW DATABASES LIKE ?', [database]);
    return rows.length === 1;
  } finally {
    await connection.end();
  }
}

afterAll(async () => {
  const connection = await mysql.createConnection({ host: '127.0.0.1', user: 'root' });
  await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
  await connection.end();
});

describe('parseDatabaseUrl', () => {
  it('reads the default URL', () => {
    expect(parseDatabaseUrl(DEFAULT_DATABASE_URL)).toEqual({
      host: '127.0.0.1',
      port: 3306,
      user: 'root',
      password: '',
      database: 'tagtime',
    });
  });

  it('decodes credentials and rejects what is not a MySQL URL', () => {
    expect(parseDatabaseUrl('mysql://a%40b:p%2Fw@db:3307/x').password).toBe('p/w');
    expect(() => parseDatabaseUrl('postgres://h/db')).toThrow(/mysql:\/\//);
    expect(() => parseDatabaseUrl('not a url')).toThrow(/not a URL/);
    expect(() => parseDatabaseUrl('mysql://h/bad-name;')).toThrow(/letters, digits/);
  });
});

describe('ensureDatabase against the real MariaDB', () => {
  it('creates a missing database, and a second run is a harmless no-op', async () => {
    expect(await databaseExists(name)).toBe(false);
    await ensureDatabase(url, quiet);
    expect(await databaseExists(name)).toBe(true);
    await ensureDatabase(url, quiet);
    expect(await databaseExists(name)).toBe(true);
  });

  it('fails with one clear sentence and exit 1 when nothing can be reached', () => {
    const result = spawnSync('node', [script], {
      env: { ...process.env, DATABASE_URL: 'mysql://root@127.0.0.1:1/tagtime' },
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toMatch(/^\[tagtime\] Cannot reach MariaDB at 127\.0\.0\.1:1 /);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });
});
