// A first sync against a real server takes the server's kept view (GET /v1/view) and ends with
// the view a fold of the pulled records gives; a device with records of its own sends them
// first, and its view holds them too.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryStore, SyncClient } from '@tagtime/client';
import { foldLog, type LogRecord, type RecordDraft } from '@tagtime/log';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { LmdbStore } from '../../src/store/lmdb-store.js';
import { makeDevice, makeUser, openTestDatabase, type TestDatabase } from './harness.js';

let db: TestDatabase;
let serverUrl: string;
const dirs: string[] = [];

beforeAll(() => {
  db = openTestDatabase(inject('databaseUrl'));
  serverUrl = inject('serverUrl');
});

afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  await db?.drop();
});

const PINGS = [1700003368, 1700003660, 1700009822, 1700013932, 1700016540];

/** A mix of what changes a view: answers, a rename, a delete, config, errors and events. */
function drafts(i: number): RecordDraft[] {
  const ping = PINGS[i % PINGS.length] as number;
  return [
    { kind: 'ping', body: { ping, tags: i % 2 ? ['wrk', 'code'] : ['eat'] } },
    { kind: 'ping', body: { ping, tags: ['afk'], auto: true } },
    i === 3
      ? { kind: 'command', body: { op: 'rename-tag', from: 'wrk', to: 'work' } }
      : { kind: 'event', body: { name: 'sync-finished' } },
    i === 4
      ? { kind: 'command', body: { op: 'delete-ping', ping: PINGS[0] as number } }
      : { kind: 'error', body: { message: `m${i}` } },
    { kind: 'config', body: { key: 'schedule', value: 'universal' } },
  ];
}

/** A client of an LMDB store that notes whether its first sync took the server's view. */
async function lmdbClient(device: { device: string; token: string }) {
  const dir = await mkdtemp(join(tmpdir(), 'tagtime-first-sync-'));
  dirs.push(dir);
  const store = await LmdbStore.open(join(dir, 'store'));
  const taken: boolean[] = [];
  const take = store.takeView.bind(store);
  // Observed, not replaced: the store's own takeView runs.
  store.takeView = async (state) => {
    const result = await take(state);
    taken.push(result);
    return result;
  };
  const client = new SyncClient({
    ...device,
    store,
    server: { url: serverUrl, token: device.token },
    bulkPageSize: 7,
  });
  return { client, store, taken };
}

it('takes the server view on a first sync and ends with the fold of the records', async () => {
  const userId = await makeUser(db);
  const others = await Promise.all(['phone', 'watch'].map((n) => makeDevice(db, userId, n)));
  let now = 1_700_020_000_000;
  for (const [i, device] of others.entries()) {
    const client = new SyncClient({
      ...device,
      store: new MemoryStore(),
      server: { url: serverUrl, token: device.token },
      now: () => (now += 60_000),
    });
    for (let round = 0; round < 5; round++) await client.append(drafts(round + i));
    await client.push();
  }
  const laptop = await lmdbClient(await makeDevice(db, userId, 'laptop'));
  // Answered before its first sync: sent by the push, then part of the server's view.
  await laptop.client.append([{ kind: 'ping', body: { ping: PINGS[1] as number, tags: ['x'] } }]);
  const { pull } = await laptop.client.sync();
  expect(pull.received).toBe(50);
  expect(laptop.taken).toEqual([true]);
  const records: LogRecord[] = [
    ...(await laptop.store.ownRecords()),
    ...(await laptop.store.replicaRecords()),
  ];
  expect(records).toHaveLength(51);
  expect(await laptop.store.viewState()).toEqual(foldLog(records).state());
  expect(await laptop.store.viewLags()).toBe(false);

  // The next pull is no first sync: it folds what it gets.
  const phone = new SyncClient({
    ...(others[0] as { device: string; token: string }),
    store: new MemoryStore(),
    server: { url: serverUrl, token: (others[0] as { token: string }).token },
  });
  await phone.store.appendOwn([
    {
      device: (others[0] as { device: string }).device,
      t: now + 1_000_000,
      kind: 'ping',
      body: { ping: PINGS[2] as number, tags: ['late'] },
    },
  ]);
  await phone.push();
  expect((await laptop.client.pull()).received).toBe(1);
  expect(laptop.taken).toEqual([true]);
  const all = [...(await laptop.store.ownRecords()), ...(await laptop.store.replicaRecords())];
  expect(await laptop.store.viewState()).toEqual(foldLog(all).state());
  await laptop.store.close();
});
