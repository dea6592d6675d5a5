// One fresh database per test run: created and migrated (by the app's own migrator) before any
// test file runs, dropped after the last. Files share it, so every test makes its own users and
// tenants and never assumes an empty table.
import type { TestProject } from 'vitest/node';
import { migrate } from '../src/migrate.js';
import { createTestDatabase, dropTestDatabase } from './test-database.js';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const database = await createTestDatabase();
  try {
    await migrate(database.url);
  } catch (error) {
    await dropTestDatabase(database);
    throw error;
  }
  project.provide('databaseUrl', database.url);
  return () => dropTestDatabase(database);
}
