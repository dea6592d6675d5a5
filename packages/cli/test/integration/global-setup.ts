// One log server and one database for every integration test file: starting a server and
// migrating a database are the slow parts, and each test makes its own user, so tests never
// see each other's data. (The restart test starts a server of its own, since it stops it.)
import type { TestProject } from 'vitest/node';
import { createTestDatabase, removeDir, startServer } from './harness.js';

declare module 'vitest' {
  export interface ProvidedContext {
    serverUrl: string;
    databaseUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const db = await createTestDatabase();
  const server = await startServer(db.url);
  project.provide('serverUrl', server.url);
  project.provide('databaseUrl', db.url);
  return async () => {
    await server.stop();
    await removeDir(server.dataDir);
    await db.drop();
  };
}
