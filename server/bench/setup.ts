import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ServerProcess, startServerProcess } from '../src/testing/server-process.js';
import { createTestDatabase, type TestDatabase } from '../test/helpers/database.js';
import { makeDevice, makeUser, type TestDevice } from '../test/helpers/fixtures.js';

export interface BenchEnv {
  database: TestDatabase;
  dataDir: string;
  /** Scratch directories for baselines, removed at the end. */
  scratch(name: string): string;
  startServer(extra?: NodeJS.ProcessEnv): Promise<ServerProcess>;
  /** Stops a server started here (SIGTERM) and waits for it to exit. */
  stopServer(server: ServerProcess): Promise<void>;
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
    stopServer,
    async close() {
      for (const server of servers) await stopServer(server);
      await database.drop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

async function stopServer(server: ServerProcess): Promise<void> {
  if (server.child.exitCode === null && server.child.signalCode === null) {
    server.child.kill('SIGTERM');
    await server.exited;
  }
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

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * The median over rounds of `a[i] / b[i]`: each ratio compares two sides measured one right
 * after the other, so the load of this shared machine at that moment weighs on both.
 */
export function pairedRatio(a: readonly number[], b: readonly number[]): number {
  return median(a.map((value, i) => value / (b[i] as number)));
}

/**
 * A process's memory in KiB (Linux): `rss` all resident pages, `anon` only its private ones. LMDB
 * maps the data file, so pages of the log it read count in `rss`; `anon` is the process's own
 * memory (heap, buffers, sockets' user-space state).
 */
export async function memoryKiB(pid: number): Promise<{ rss: number; anon: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) =>
    Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? Number.NaN);
  return { rss: field('VmRSS'), anon: field('RssAnon') };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] as number;
}

/** The soft limit on open files of this process (Linux). */
export function openFileLimit(): number {
  const limits = readFileSync('/proc/self/limits', 'utf8');
  const soft = /Max open files\s+(\d+|unlimited)/.exec(limits)?.[1];
  return soft === undefined || soft === 'unlimited' ? Number.POSITIVE_INFINITY : Number(soft);
}
