import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { loadConfig, type ServerConfig } from '../../src/config.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export const TEST_ADMIN_TOKEN = 'test-admin-token';

export interface TestServer {
  app: FastifyInstance;
  database: TestDatabase;
  config: ServerConfig;
  dataDir: string;
  close(): Promise<void>;
}

/**
 * A fresh data dir, a fresh database and the app on them (not listening; use inject or listen).
 * `database`: use this one instead (it is dropped on close all the same).
 */
export async function startTestApp(
  overrides: Partial<Omit<ServerConfig, 'rateLimit'>> & {
    rateLimit?: Partial<ServerConfig['rateLimit']>;
  } = {},
  options: { database?: TestDatabase } = {},
): Promise<TestServer> {
  const database = options.database ?? (await createTestDatabase());
  const dataDir = mkdtempSync(join(tmpdir(), 'tagtime-server-test-'));
  const defaults = loadConfig({});
  const config: ServerConfig = {
    ...defaults,
    dataDir,
    databaseUrl: database.url,
    adminToken: TEST_ADMIN_TOKEN,
    adminTokenIsDefault: false,
    natsUrl: undefined,
    ...overrides,
    rateLimit: { ...defaults.rateLimit, ...overrides.rateLimit },
  };
  const app = await buildApp({ config, logger: false });
  await app.ready();
  return {
    app,
    database,
    config,
    dataDir,
    async close() {
      await app.close();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
