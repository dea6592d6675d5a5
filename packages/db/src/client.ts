import { drizzle, type MySql2Database } from 'drizzle-orm/mysql2';
import mysql, { type Pool } from 'mysql2/promise';
import { databaseUrl } from './config.js';
import * as schema from './schema/index.js';

export type Schema = typeof schema;
export type Database = MySql2Database<Schema>;
/** A transaction handle; query functions accept either it or a `Database`. */
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];
export type Executor = Database | Transaction;

export interface DbHandle {
  db: Database;
  pool: Pool;
  close(): Promise<void>;
}

/** A pooled connection to DATABASE_URL (or `url`) with the typed schema. */
export function createDb(url?: string): DbHandle {
  const pool = mysql.createPool({
    uri: databaseUrl(url),
    // All DATETIME values are UTC, whatever the server's or the process's time zone.
    timezone: 'Z',
    connectionLimit: 10,
    supportBigNumbers: true,
  });
  const db = drizzle({ client: pool, schema, mode: 'default' });
  return { db, pool, close: () => pool.end() };
}
