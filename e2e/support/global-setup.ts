import { rm } from 'node:fs/promises';
import { createDb, migrate, PLAN_CATALOGUE, upsertPlans } from '@tagtime/db';
import mysql from 'mysql2/promise';
import { DATA_DIR, DATABASE_URL, E2E_DATABASE, MARIADB_SERVER } from './env.js';

/** Creates this run's database and applies the migrations; returns the teardown that drops it. */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const connection = await mysql.createConnection(MARIADB_SERVER);
  await connection.query(`CREATE DATABASE \`${E2E_DATABASE}\` CHARACTER SET utf8mb4`);
  await connection.end();
  await migrate(DATABASE_URL);
  // The plan catalogue is reference data every deployment writes (`npm run db:seed` does).
  const handle = createDb(DATABASE_URL);
  await upsertPlans(handle.db, PLAN_CATALOGUE);
  await handle.close();
  return async () => {
    await rm(DATA_DIR ?? '', { recursive: true, force: true });
    const dropper = await mysql.createConnection(MARIADB_SERVER);
    await dropper.query(`DROP DATABASE IF EXISTS \`${E2E_DATABASE}\``);
    await dropper.end();
  };
}
