// WORKERS=2, the primary killed with SIGKILL while 20 devices ingest. Its workers are orphaned
// mid-write: each must notice and be gone within a bound, without the exit-time LMDB close that
// can deadlock against its own write thread (a worker stuck there holds the write lock, its
// requests hang, and a new server on the same data folder never listens). Then a new server on
// the same DATA_DIR listens, and every acknowledged record is stored.
// PRIMARY_DEATH_TRIALS=13 for a longer series.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalJson, type LogRecord } from '@tagtime/log';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { LmdbLogStore } from '../../src/store/lmdb-store.js';
import { type ServerProcess, startServerProcess } from '../../src/testing/server-process.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { bearer, makeDevice, makeRecords, makeUser, type TestDevice } from '../helpers/fixtures.js';
import { SERVER_DIR } from '../helpers/process.js';

const TRIALS = Number(process.env.PRIMARY_DEATH_TRIALS ?? 3);
const DEVICES = 20;
/** Generous on a loaded machine: a worker that exits promptly is gone in well under a second. */
const GONE_WITHIN_MS = 15_000;
const LISTEN_WITHIN_MS = 60_000;
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

let database: TestDatabase;
let dataDir: string;
let devices: TestDevice[];

beforeAll(async () => {
  database = await createTestDatabase();
  dataDir = mkdtempSync(join(tmpdir(), 'tagtime-primary-death-'));
  const db = database.handle.db;
  devices = [];
  for (let user = 0; user < 2; user++) {
    const userId = await makeUser(db);
    for (let i = 0; i < DEVICES / 2; i++) devices.push(await makeDevice(db, userId));
  }
}, 60_000);
afterAll(async () => {
  // Whatever a failed trial left running on this data folder (an orphan, a server that never
  // listened) is ended here, so nothing outlives the test.
  for (const pid of processesOn(dataDir)) process.kill(pid, 'SIGKILL');
  await database?.drop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** Live processes (zombies excluded) whose environment names this data folder. */
function processesOn(dir: string): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      if (!readFileSync(`/proc/${pid}/environ`, 'latin1').includes(`DATA_DIR=${dir}\0`)) continue;
      if (alive(pid)) pids.push(pid);
    } catch {
      // gone meanwhile, or not ours
    }
  }
  return pids;
}

/** A pid is alive until it has exited; an exited orphan may stay a zombie of pid 1. */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** A pid with its state and where in the kernel it waits (`D` and a wait channel: in a syscall). */
function describeProcess(pid: number): string {
  const read = (file: string) => {
    try {
      return readFileSync(`/proc/${pid}/${file}`, 'latin1').trim();
    } catch {
      return '?';
    }
  };
  const stat = read('stat');
  const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  const threads = read('status').match(/Threads:\s+(\d+)/)?.[1] ?? '?';
  return `${pid} (state ${state}, wchan ${read('wchan')}, ${threads} threads)`;
}

function workerPids(server: ServerProcess): number[] {
  const line = /worker pids\s+([\d ]+)/.exec(server.output())?.[1] ?? '';
  return line.trim().split(' ').map(Number);
}

async function startWithin(ms: number): Promise<ServerProcess> {
  const env = {
    WORKERS: '2',
    NATS_URL,
    DATA_DIR: dataDir,
    DATABASE_URL: database.url,
    RATE_LIMIT_PER_TOKEN: '1000000',
  };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no server listened within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([startServerProcess(env), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** What one device has sent: batches in order, and which were acknowledged. */
interface ClientState {
  device: TestDevice;
  nextT: number;
  batches: Array<{ records: LogRecord[]; acked: boolean }>;
  /** Sent but not acknowledged: resent first on the next server, as a real client does. */
  pending: LogRecord[] | undefined;
}

/**
 * Appends over keep-alive connections, as a device does, until the server is gone: after the
 * primary's death it goes on sending on the connections its workers still hold, so the orphans
 * are writing when they notice.
 */
async function ingest(url: string, client: ClientState, killed: () => boolean): Promise<void> {
  for (;;) {
    const records =
      client.pending ??
      makeRecords(client.device.deviceId, client.nextT, 1 + Math.floor(Math.random() * 200));
    if (client.pending === undefined) {
      client.nextT = (records.at(-1)?.t ?? client.nextT) + 1;
      client.batches.push({ records, acked: false });
    }
    client.pending = records;
    let res: Response;
    try {
      res = await fetch(`${url}/v1/records`, {
        method: 'POST',
        headers: { ...bearer(client.device.token), 'content-type': 'application/json' },
        body: JSON.stringify({ records }),
      });
      await res.arrayBuffer();
    } catch {
      if (!killed()) throw new Error('the server failed before its primary was killed');
      return; // the worker died mid-request, or nothing listens: this batch stays unacknowledged
    }
    if (res.status !== 200) {
      if (killed()) return; // an orphan may refuse; what it refuses stays unacknowledged
      throw new Error(`append answered ${res.status}`);
    }
    const batch = client.batches.find((b) => b.records === records);
    if (batch) batch.acked = true;
    client.pending = undefined;
  }
}

/** Every acknowledged batch is stored whole, every other whole or not at all; verify is clean. */
async function checkStore(clients: ClientState[]): Promise<number> {
  const store = new LmdbLogStore({ path: dataDir });
  try {
    expect((await store.verify()).problems).toEqual([]);
    let acked = 0;
    for (const client of clients) {
      const stored = new Map<number, string>();
      for (const record of store.readLog(client.device.userId, client.device.deviceId)) {
        stored.set(record.t, record.json);
      }
      for (const batch of client.batches) {
        const present = batch.records.filter((r) => stored.get(r.t) === canonicalJson(r)).length;
        expect([0, batch.records.length]).toContain(present);
        if (batch.acked) {
          expect(present).toBe(batch.records.length);
          acked += present;
        }
      }
    }
    return acked;
  } finally {
    await store.close();
  }
}

/**
 * Killed already: SIGKILL is pending or the process is in its exit. Such a process can still be
 * listed for a while if a thread sits in an uninterruptible syscall (an fsync on a busy disk),
 * but it runs no more code of its own: it has done what an orphan must.
 */
function doomed(pid: number): boolean {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'latin1');
    const sigkill = ['SigPnd', 'ShdPnd'].some((field) => {
      const mask = new RegExp(`${field}:\\s+([0-9a-f]+)`).exec(status)?.[1];
      return mask !== undefined && (BigInt(`0x${mask}`) & 0x100n) !== 0n;
    });
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    const flags = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[6]);
    const PF_EXITING = 0x4;
    return sigkill || (flags & PF_EXITING) !== 0;
  } catch {
    return true;
  }
}

/** Waits until each of `pids` has exited (`until: 'exited'`) or at least been killed. */
async function waitGone(
  pids: number[],
  ms: number,
  until: 'killed' | 'exited' = 'exited',
): Promise<number[]> {
  const deadline = Date.now() + ms;
  const left = () => pids.filter((pid) => alive(pid) && (until === 'exited' || !doomed(pid)));
  while (left().length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return left();
}

test(
  `${TRIALS} SIGKILLs of the primary under ingest leave no worker behind and lose nothing`,
  async () => {
    const clients: ClientState[] = devices.map((device, i) => ({
      device,
      nextT: 1_700_000_000_000 + i,
      batches: [],
      pending: undefined,
    }));
    const ackedNow = () => clients.reduce((n, c) => n + c.batches.filter((b) => b.acked).length, 0);
    const hung: string[] = [];
    let server = await startWithin(LISTEN_WITHIN_MS);
    for (let trial = 0; trial < TRIALS; trial++) {
      const workers = workerPids(server);
      expect(workers).toHaveLength(2);
      let killed = false;
      const running = clients.map((client) => ingest(server.url, client, () => killed));
      const ackedAtStart = ackedNow();
      await expect.poll(ackedNow, { timeout: 20_000, interval: 20 }).toBeGreaterThan(ackedAtStart);
      await new Promise((resolve) => setTimeout(resolve, 300 + Math.random() * 1200));
      server.child.kill('SIGKILL');
      killed = true;
      expect(await server.exited).toBe('SIGKILL');

      const diedAt = Date.now();
      const left = await waitGone(workers, GONE_WITHIN_MS, 'killed');
      if (left.length > 0) {
        // Ended by hand so the next trials can go on; the test fails at the end with the count.
        hung.push(
          `trial ${trial + 1}: worker ${left.map(describeProcess).join(', ')} alive ${GONE_WITHIN_MS} ms on; the server said:\n${server.output().slice(-2000)}`,
        );
        for (const pid of left) process.kill(pid, 'SIGKILL');
        await waitGone(left, 5_000);
      } else {
        console.log(
          `trial ${trial + 1}: workers killed ${Date.now() - diedAt} ms after the primary`,
        );
        // A killed worker still in a syscall (an fsync) holds its files until it returns.
        const slow = await waitGone(workers, LISTEN_WITHIN_MS);
        expect(slow.map(describeProcess), 'killed workers that never exited').toEqual([]);
      }
      await Promise.all(running);
      expect(await checkStore(clients)).toBeGreaterThan(0);
      // The next trial's server is the new server on this data folder.
      server = await startWithin(LISTEN_WITHIN_MS);
    }
    try {
      // Everything acknowledged is served by the last new server too.
      for (const client of clients) {
        const res = await fetch(`${server.url}/v1/heads`, { headers: bearer(client.device.token) });
        const { heads } = (await res.json()) as { heads: Record<string, number> };
        const lastAcked = client.batches
          .filter((b) => b.acked)
          .at(-1)
          ?.records.at(-1)?.t;
        expect(heads[client.device.deviceId] ?? 0).toBeGreaterThanOrEqual(lastAcked ?? 0);
      }
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    expect(hung, `orphaned workers outlived their primary in ${hung.length} of ${TRIALS}`).toEqual(
      [],
    );
  },
  60_000 + TRIALS * 60_000,
);

/**
 * Starts a one-worker cluster fixture of test/helpers (run through tsx) and waits for the line
 * naming its worker's pid; the worker's stderr, inherited from the fixture, is collected.
 */
async function startWorkerFixture(
  fixture: string,
  ready: RegExp,
): Promise<{ child: ChildProcess; pid: number; stderr: () => string }> {
  const child = spawn(
    process.execPath,
    ['--conditions=@tagtime/source', '--import', 'tsx', `test/helpers/${fixture}`],
    {
      cwd: SERVER_DIR,
      env: { ...process.env, DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const pid = await new Promise<number>((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = ready.exec(output);
      if (match) resolve(Number(match[1]));
    });
    child.on('exit', (code) =>
      reject(new Error(`the fixture exited (${code}):\n${output}\n${stderr}`)),
    );
  });
  return { child, pid, stderr: () => stderr };
}

test('a worker whose main thread is blocked still dies with its primary', async () => {
  // Deterministic, where the series above depends on timing: the worker's main thread never
  // sees the disconnect, as when it is stuck in native code.
  const { child, pid } = await startWorkerFixture('blocked-worker.ts', /blocked worker (\d+)/);
  expect(alive(pid)).toBe(true);
  child.kill('SIGKILL');
  expect(await waitGone([pid], GONE_WITHIN_MS)).toEqual([]);
});

test('a worker whose message to a dead primary fails exits hard, not through an uncaught error', async () => {
  // Replays the hang of one trial above: the EPIPE of a worker's write to its dead primary was
  // an uncaught 'error' event; the exit it began hung in lmdb-js's exit handler.
  const { child, pid, stderr } = await startWorkerFixture(
    'channel-error-worker.ts',
    /waiting worker (\d+)/,
  );
  child.kill('SIGKILL');
  expect(await waitGone([pid], GONE_WITHIN_MS)).toEqual([]);
  // The worker's stderr is the fixture's pipe, still open in the worker until it ends.
  await expect.poll(stderr, { timeout: 5_000 }).toContain('exiting');
  expect(stderr()).toContain('the channel to the primary failed (EPIPE)');
  expect(stderr()).not.toContain("Unhandled 'error' event");
});
