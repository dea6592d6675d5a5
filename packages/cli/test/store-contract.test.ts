import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ClientStore, MemoryStore } from '@tagtime/client';
import type { LogRecord } from '@tagtime/log';
import { afterAll, describe, expect, it } from 'vitest';
import { NedbStore } from '../src/store/nedb-store.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function tempFile(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tagtime-store-'));
  dirs.push(dir);
  return join(dir, 'log.db');
}

const ping = (device: string, t: number, tags = ['a']): LogRecord => ({
  device,
  t,
  kind: 'ping',
  body: { ping: 1700003368, tags },
});

const stores: [string, () => Promise<ClientStore>][] = [
  ['MemoryStore', async () => new MemoryStore()],
  ['NedbStore', async () => NedbStore.open(await tempFile())],
];

describe.each(stores)('%s (the ClientStore contract)', (_name, make) => {
  it('appends the own log in order and refuses times that do not grow', async () => {
    const store = await make();
    expect(await store.lastOwnTime()).toBeUndefined();
    await store.appendOwn([ping('d', 1), ping('d', 5)]);
    await store.appendOwn([ping('d', 7)]);
    expect((await store.ownRecords()).map((r) => r.t)).toEqual([1, 5, 7]);
    expect(await store.lastOwnTime()).toBe(7);
    await expect(store.appendOwn([ping('d', 7)])).rejects.toThrow('7 is not after 7');
    await expect(store.appendOwn([ping('d', 9), ping('d', 8)])).rejects.toThrow('8 is not after 9');
    expect((await store.ownRecords()).map((r) => r.t)).toEqual([1, 5, 7]);
  });

  it('tracks the acknowledged point: only forward, and unacked is what follows it', async () => {
    const store = await make();
    await store.appendOwn([ping('d', 1), ping('d', 2), ping('d', 3), ping('d', 4)]);
    expect(await store.unackedCount()).toBe(4);
    expect((await store.unacked(2)).map((r) => r.t)).toEqual([1, 2]);
    await store.setAcked(2);
    await store.setAcked(1);
    expect(await store.acked()).toBe(2);
    expect((await store.unacked(10)).map((r) => r.t)).toEqual([3, 4]);
    expect(await store.unackedCount()).toBe(2);
  });

  it('relabels never-sent records and refuses once something was acknowledged', async () => {
    const store = await make();
    await store.appendOwn([ping('local', 1), ping('local', 2)]);
    expect(await store.relabelOwn('laptop')).toBe(2);
    expect((await store.ownRecords()).map((r) => r.device)).toEqual(['laptop', 'laptop']);
    await store.setAcked(1);
    await expect(store.relabelOwn('other')).rejects.toThrow('already stored');
  });

  it('keeps one copy of a replicated record and returns the replica in merged order', async () => {
    const store = await make();
    expect(await store.cursor()).toEqual({});
    await store.putReplica([ping('w', 5), ping('p', 5), ping('w', 9)], { w: 9, p: 5 });
    await store.putReplica([ping('w', 9), ping('p', 7)], { w: 9, p: 7 });
    const ids = (await store.replicaRecords()).map((r) => `${r.device}:${r.t}`);
    expect(ids).toEqual(['p:5', 'w:5', 'p:7', 'w:9']);
    expect(await store.cursor()).toEqual({ p: 7, w: 9 });
  });

  it('keeps config values whose keys NeDB could not store as fields', async () => {
    const store = await make();
    const record: LogRecord = {
      device: 'd',
      t: 1,
      kind: 'config',
      body: { key: 'x', value: { 'a.b': 1, $c: [true] } },
    };
    await store.appendOwn([record]);
    expect(await store.ownRecords()).toEqual([record]);
  });
});

describe('NedbStore on disk', () => {
  it('finds everything again after reopening the file', async () => {
    const file = await tempFile();
    const first = await NedbStore.open(file);
    await first.appendOwn([ping('d', 1), ping('d', 2, ['b'])]);
    await first.setAcked(1);
    await first.putReplica([ping('w', 3)], { w: 3, d: 2 });
    await first.setSetting('lastAsked', '1700000000');
    const again = await NedbStore.open(file);
    expect(await again.ownRecords()).toEqual([ping('d', 1), ping('d', 2, ['b'])]);
    expect(await again.acked()).toBe(1);
    expect(await again.cursor()).toEqual({ d: 2, w: 3 });
    expect(await again.replicaRecords()).toEqual([ping('w', 3)]);
    expect(await again.getSetting('lastAsked')).toBe('1700000000');
  });
});
