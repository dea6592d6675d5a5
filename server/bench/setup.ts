import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '../test/helpers/database.js';
import { makeDevice, makeUser, type TestDevice } from '../test/helpers/fixtures.js';
import { type ServerProcess, startServerProcess } from '../test/helpers/process.js';

export interface BenchEnv {
  database: TestDatabase;
  dataDir: string;
  /** Scratch directories for baselines, removed at the end. */
  scratch(name: string): string;
  startServer(extra?: NodeJS.ProcessEnv): Promise<ServerProcess>;
  user(devices: number): Promise<TestDevice[]>;
  close(): Promise<void>;
}

/** A throw-away database, data directory and server processes on loopback. */
export async function benchEnv(): Promise<BenchEnv> {
  const database = await createTestDatabase();
  const root = mkdtempSync(join(tmpdir(), 'tagtime-bench-'));
  const dataDir = join(root, 'logs');
  const servers: ServerProcess[] = [];
  return {
    database,
    dataDir,
    scratch: (name) => mkdtempSync(join(root, `${name}-`)),
    async startServer(extra = {}) {
      const server = await startServerProcess({
        DATA_DIR: dataDir,
        DATABASE_URL: database.url,
        RATE_LIMIT_PER_TOKEN: '100000000',
        // The bench opens thousands of streams from a few loopback addresses.
        MAX_CONNECTIONS_PER_ADDRESS: '1000000',
        MAX_STREAMS_PER_TOKEN: '1000000',
        MAX_STREAMS_PER_USER: '1000000',
        LOG_LEVEL: 'warn',
        ...extra,
      });
      servers.push(server);
      return server;
    },
    async user(devices) {
      const db = database.handle.db;
      const userId = await makeUser(db, 'bench');
      const out: TestDevice[] = [];
      for (let i = 0; i < devices; i++) out.push(await makeDevice(db, userId));
      return out;
    },
    async close() {
      for (const server of servers) {
        if (server.child.exitCode === null && server.child.signalCode === null) {
          server.child.kill('SIGTERM');
          await server.exited;
        }
      }
      await database.drop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

export function rate(count: number, ms: number): number {
  return (count / ms) * 1000;
}

export function fmt(value: number, digits = 0): string {
  return value.toLocaleString('en-US', {
    maximumFractionDigits: digits,
    minimumFractionDigits: digits,
  });
}

/** The server process's resident memory in MiB (Linux). */
export async function rssMiB(pid: number): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] as number;
}
