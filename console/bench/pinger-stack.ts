// The whole stack the web pinger needs, for bench/pinger.ts: a scratch MariaDB database with a
// confirmed person, the real log server, and the console's production build (`next build`
// first) as `npm run start` serves it, on free loopback ports. Nothing of it is mocked.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createUser, markEmailVerified, type User } from '@tagtime/db';
import { createScratchDatabase } from '@tagtime/db/testing';
import { type ServerProcess, startServerProcess } from '@tagtime/server/testing';

export interface PingerStack {
  consoleUrl: string;
  serverUrl: string;
  person: { email: string; password: string; user: User };
  stop(): Promise<void>;
}

/** `n` distinct free loopback ports (each probe held until all are known). */
async function freePorts(n: number): Promise<number[]> {
  const probes = await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<ReturnType<typeof createServer>>((resolve) => {
          const probe = createServer().listen(0, '127.0.0.1', () => resolve(probe));
        }),
    ),
  );
  const ports = probes.map((probe) => (probe.address() as { port: number }).port);
  await Promise.all(probes.map((probe) => new Promise((resolve) => probe.close(resolve))));
  return ports;
}

async function until(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the console exited:\n${output()}`);
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the console did not answer at ${url}:\n${output()}`);
}

export async function startPingerStack(): Promise<PingerStack> {
  const database = await createScratchDatabase({ prefix: 'tagtime_bench_pinger', plans: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'tagtime-pinger-bench-'));
  const adminToken = randomBytes(24).toString('base64url');
  // Both chosen up front: each needs the other's address, and a server on port 0 could take
  // the console's.
  const [consolePort, serverPort] = (await freePorts(2)) as [number, number];
  const consoleUrl = `http://127.0.0.1:${consolePort}`;
  let server: ServerProcess | undefined;
  let console_: ChildProcess | undefined;
  const stop = async () => {
    console_?.kill('SIGTERM');
    await server?.stop();
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const password = 'correct horse battery staple';
    const email = `pinger-bench-${Date.now().toString(36)}@example.test`;
    const user = await createUser(database.handle.db, { name: 'Bench', email, password });
    await markEmailVerified(database.handle.db, { userId: user.id, email });
    server = await startServerProcess({
      PORT: String(serverPort),
      DATA_DIR: dataDir,
      DATABASE_URL: database.url,
      ADMIN_TOKEN: adminToken,
      CONSOLE_ORIGIN: consoleUrl,
    });
    let output = '';
    console_ = spawn(process.execPath, ['server.mjs'], {
      cwd: join(import.meta.dirname, '..'),
      env: {
        ...process.env,
        NODE_ENV: 'production',
        CONSOLE_PORT: String(consolePort),
        DATABASE_URL: database.url,
        NEXTAUTH_URL: consoleUrl,
        NEXTAUTH_SECRET: randomBytes(32).toString('base64url'),
        ADMIN_TOKEN: adminToken,
        LOG_SERVER_URL: server.url,
        PUBLIC_LOG_SERVER_URL: server.url,
        RATE_LIMIT_EXEMPT: '127.0.0.1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const child = console_;
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    process.once('exit', () => child.kill('SIGKILL'));
    await until(`${consoleUrl}/sign-in`, child, () => output);
    return { consoleUrl, serverUrl: server.url, person: { email, password, user }, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
