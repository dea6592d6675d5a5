// Scratch databases for the tests of every workspace: a fresh, migrated MariaDB database with a
// random name on DATABASE_URL's server, dropped by `drop()`. Tests only; never for production.
import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import { createDb, type DbHandle } from './client.js';
import { databaseUrl, withDatabase } from './config.js';
import { migrate } from './migrate.js';
import { FREE_PLAN, PLAN_CATALOGUE } from './plan-catalogue.js';
import { upsertPlans } from './queries/billing/plans.js';

export interface ScratchDatabase {
  url: string;
  name: string;
  handle: DbHandle;
  drop(): Promise<void>;
}

async function serverQuery(url: string, sql: string): Promise<void> {
  const connection = await mysql.createConnection({ uri: withDatabase(url, '') });
  try {
    await connection.query(sql);
  } finally {
    await connection.end();
  }
}

/**
 * `<prefix>_<random>`, migrated by the app's own migrator. `plans` writes the plan catalogue;
 * `freeMaxDevices` lifts the Free plan's device limit, for tests whose users hold many devices.
 */
export async function createScratchDatabase(options: {
  prefix: string;
  plans?: boolean;
  freeMaxDevices?: number;
}): Promise<ScratchDatabase> {
  const name = `${options.prefix}_${randomBytes(6).toString('hex')}`;
  const url = withDatabase(databaseUrl(), name);
  await serverQuery(url, `CREATE DATABASE \`${name}\``);
  await migrate(url);
  const handle = createDb(url);
  if (options.plans) await upsertPlans(handle.db, PLAN_CATALOGUE);
  if (options.freeMaxDevices !== undefined) {
    await upsertPlans(handle.db, [{ ...FREE_PLAN, maxDevices: options.freeMaxDevices }]);
  }
  return {
    url,
    name,
    handle,
    async drop() {
      await handle.close();
      await serverQuery(url, `DROP DATABASE IF EXISTS \`${name}\``);
    },
  };
}
