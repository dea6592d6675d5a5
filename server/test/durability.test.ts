// Durability: a child server process under sustained ingest is killed with SIGKILL at random
// moments, several times; after each kill every acknowledged record is on disk, every batch is
// stored whole or not at all, and the store verifies (each user's kept view included: it equals
// a fresh fold of what survived). DURABILITY_TRIALS=20 for a long soak.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalJson, type LogRecord } from '@tagtime/log';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { LmdbLogStore } from '../src/store/lmdb-store.js';
import { type ServerProcess, startServerProcess } from '../src/testing/server-process.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { makeDevice, makeUser, type TestDevice } from './helpers/fixtures.js';
import { foldOfPull, keptView } from './helpers/view-http.js';
import { mixedRecords, seeded } from './helpers/view-records.js';

const TRIALS = Number(process.env.DURABILITY_TRIALS ?? 3);
const CLIENTS = 4;

let database: TestDatabase;
let dataDir: string;
let devices: TestDevice[];

beforeAll(async () => {
  database = await createTestDatabase();
  dataDir = mkdtempSync(join(tmpdir(), 'tagtime-durability-'));
  const db = database.handle.db;
  const userId = await makeUser(db);
  devices = [];
  for (let i = 0; i < CLIENTS; i++) devices.push(await makeDevice(db, userId));
});
afterAll(async () => {
  await database?.drop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** What one device client has sent: batches in order, and which were acknowledged. */
interface ClientState {
  device: TestDevice;
  nextT: number;
  batches: Array<{ records: LogRecord[]; acked: boolean }>;
  /** A batch sent but not acknowledged: resent first after a restart, as a real client does. */
  pending: LogRecord[] | undefined;
}

/** Answers, renames, deletes, tags, config, errors and events: everything a kept view folds. */
const rand = seeded(Date.now());

async function ingest(url: string, client: ClientState, stop: () => boolean): Promise<void> {
  while (!stop()) {
    const n = 1 + Math.floor(Math.random() * 200);
    const records =
      client.pending ?? mixedRecords(rand, client.device.deviceId, client.nextT, n, 0);
    if (client.pending === undefined) {
      client.nextT = (records.at(-1)?.t ?? client.nextT) + 1;
      client.batches.push({ records, acked: false });
    }
    client.pending = records;
    let res: Response;
    try {
      res = await fetch(`${url}/v1/records`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${client.device.token}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ records }),
      });
      await res.arrayBuffer();
    } catch {
      return; // the server died mid-request: this batch stays unacknowledged
    }
    if (res.status !== 200) throw new Error(`append answered ${res.status}`);
    const batch = client.batches.find((b) => b.records === records);
    if (batch) batch.acked = true;
    client.pending = undefined;
  }
}

async function checkStore(clients: ClientState[]): Promise<{ acked: number; stored: number }> {
  const store = new LmdbLogStore({ path: dataDir });
  try {
    const report = await store.verify();
    expect(report.problems).toEqual([]);
    let acked = 0;
    for (const client of clients) {
      const stored = new Map<number, string>();
      for (const record of store.readLog(client.device.userId, client.device.deviceId)) {
        stored.set(record.t, record.json);
      }
      const sent = new Set<number>();
      for (const batch of client.batches) {
        const present = batch.records.filter((r) => stored.get(r.t) === canonicalJson(r)).length;
        // Whole or nothing; and whole whenever it was acknowledged.
        expect([0, batch.records.length]).toContain(present);
        if (batch.acked) {
          expect(present).toBe(batch.records.length);
          acked += present;
        }
        for (const record of batch.records) sent.add(record.t);
      }
      // Nothing stored that was never sent.
      for (const t of stored.keys()) expect(sent.has(t)).toBe(true);
    }
    return { acked, stored: report.records };
  } finally {
    await store.close();
  }
}

test(
  `${TRIALS} SIGKILLs under sustained ingest lose no acknowledged record`,
  async () => {
    const clients: ClientState[] = devices.map((device, i) => ({
      device,
      nextT: 1_700_000_000_000 + i,
      batches: [],
      pending: undefined,
    }));
    const env = { DATA_DIR: dataDir, DATABASE_URL: database.url, RATE_LIMIT_PER_TOKEN: '1000000' };
    for (let trial = 0; trial < TRIALS; trial++) {
      const server: ServerProcess = await startServerProcess(env);
      let killed = false;
      const running = clients.map((client) => ingest(server.url, client, () => killed));
      const ackedNow = () =>
        clients.reduce((n, c) => n + c.batches.filter((b) => b.acked).length, 0);
      // Once ingest is under way (a loaded machine may take a while for the first answer),
      // let it run a random while, then kill without warning.
      const ackedAtStart = ackedNow();
      await expect.poll(ackedNow, { timeout: 20_000, interval: 20 }).toBeGreaterThan(ackedAtStart);
      await new Promise((resolve) => setTimeout(resolve, 300 + Math.random() * 1200));
      const ackedBefore = ackedNow();
      server.child.kill('SIGKILL');
      killed = true;
      expect(await server.exited).toBe('SIGKILL');
      await Promise.all(running);
      expect(ackedBefore).toBeGreaterThan(0);
      const { acked, stored } = await checkStore(clients);
      expect(stored).toBeGreaterThanOrEqual(acked);
    }
    // A final restart serves everything acknowledged over HTTP too, and the view of it.
    const server = await startServerProcess(env);
    try {
      const token = (clients[0] as ClientState).device.token;
      expect(await keptView(server.url, token)).toEqual(await foldOfPull(server.url, token));
      for (const client of clients) {
        const res = await fetch(`${server.url}/v1/heads`, {
          headers: { authorization: `Bearer ${client.device.token}` },
        });
        const { heads } = (await res.json()) as { heads: Record<string, number> };
        const lastAcked = client.batches
          .filter((b) => b.acked)
          .at(-1)
          ?.records.at(-1)?.t;
        expect(heads[client.device.deviceId]).toBeGreaterThanOrEqual(lastAcked ?? 0);
      }
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  },
  60_000 + TRIALS * 30_000,
);
