import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClientStore } from '@tagtime/client';
import { describeStoreContract } from '@tagtime/client/testing';
import { canonicalJson, type LogRecord } from '@tagtime/log';
import { afterAll, expect, it } from 'vitest';
import { LmdbStore } from '../src/store/lmdb-store.js';
import { NedbStore } from '../src/store/nedb-store.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tagtime-store-'));
  dirs.push(dir);
  return dir;
}

describeStoreContract('LmdbStore', async () => {
  const path = join(await tempDir(), 'store');
  let current = await LmdbStore.open(path);
  return {
    store: current,
    reopen: async (): Promise<ClientStore> => {
      await current.close();
      current = await LmdbStore.open(path);
      return current;
    },
    close: () => current.close(),
  };
});

/** The store as SyncClient uses it: each record comes with the canonical JSON its check gave. */
function withJson(store: LmdbStore): ClientStore {
  const json = (records: readonly LogRecord[]) => records.map(canonicalJson);
  return {
    ownRecords: () => store.ownRecords(),
    lastOwnTime: () => store.lastOwnTime(),
    appendOwn: (records) => store.appendOwn(records, json(records)),
    unacked: (limit) => store.unacked(limit),
    unackedJson: (limit) => store.unackedJson(limit),
    unackedCount: () => store.unackedCount(),
    acked: () => store.acked(),
    setAcked: (t) => store.setAcked(t),
    relabelOwn: (device) => store.relabelOwn(device),
    cursor: () => store.cursor(),
    putReplica: (records, cursor) => store.putReplica(records, cursor, json(records)),
    replicaRecords: () => store.replicaRecords(),
    viewState: () => store.viewState(),
  };
}

describeStoreContract('LmdbStore, records stored as their JSON', async () => {
  const path = join(await tempDir(), 'store');
  let current = await LmdbStore.open(path);
  return {
    store: withJson(current),
    reopen: async (): Promise<ClientStore> => {
      await current.close();
      current = await LmdbStore.open(path);
      return withJson(current);
    },
    close: () => current.close(),
  };
});

it('LmdbStore reads records kept as objects (earlier versions) and as JSON alike', async () => {
  const store = await LmdbStore.open(join(await tempDir(), 'store'));
  const ping = (t: number, tags: string[]): LogRecord => ({
    device: 'laptop',
    t,
    kind: 'ping',
    body: { tags, ping: 1700003368 + t },
  });
  const old = [ping(1, ['a']), ping(2, ['b'])];
  const fresh = [ping(3, ['c'])];
  await store.appendOwn(old);
  await store.appendOwn(fresh, fresh.map(canonicalJson));
  expect(await store.ownRecords()).toEqual([...old, ...fresh]);
  const unsent = await store.unackedJson(10);
  expect(unsent.records).toEqual([...old, ...fresh]);
  expect(unsent.json).toEqual([...old, ...fresh].map(canonicalJson));
  expect(store.answer(1700003371)?.tags).toEqual(['c']);
  expect(store.answer(1700003369)?.tags).toEqual(['a']);
  await store.close();
});

// The store of CLI versions before LMDB: still read to migrate, so it keeps to the contract.
describeStoreContract('NedbStore', async () => {
  const file = join(await tempDir(), 'log.db');
  return { store: await NedbStore.open(file), reopen: () => NedbStore.open(file) };
});
