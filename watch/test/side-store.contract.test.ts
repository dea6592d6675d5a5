import { type ClientStore, MemoryStore } from '@tagtime/client';
import type { LogRecord } from '@tagtime/log';
import { describe, expect, it } from 'vitest';
import { SettingsStorageFake } from '../runtime/zos/storage.js';
import { SideStore } from '../src/side/side-store.js';

// The ClientStore contract, run against MemoryStore as the reference and the side service's
// store. When @tagtime/client ships its own contract suite, this file switches to it.
const ping = (device: string, t: number, tags = ['a']): LogRecord => ({
  device,
  t,
  kind: 'ping',
  body: { ping: 1700003368, tags },
});

const stores: [string, () => ClientStore][] = [
  ['MemoryStore', () => new MemoryStore()],
  ['SideStore', () => new SideStore(new SettingsStorageFake())],
];

describe.each(stores)('%s (the ClientStore contract)', (_name, make) => {
  it('appends the own log in order and refuses times that do not grow', async () => {
    const store = make();
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
    const store = make();
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
    const store = make();
    await store.appendOwn([ping('local', 1), ping('local', 2)]);
    expect(await store.relabelOwn('laptop')).toBe(2);
    expect((await store.ownRecords()).map((r) => r.device)).toEqual(['laptop', 'laptop']);
    await store.setAcked(1);
    await expect(store.relabelOwn('other')).rejects.toThrow('already stored');
  });

  it('keeps one copy of a replicated record and returns the replica in merged order', async () => {
    const store = make();
    expect(await store.cursor()).toEqual({});
    await store.putReplica([ping('w', 5), ping('p', 5), ping('w', 9)], { w: 9, p: 5 });
    await store.putReplica([ping('w', 9), ping('p', 7)], { w: 9, p: 7 });
    const ids = (await store.replicaRecords()).map((r) => `${r.device}:${r.t}`);
    expect(ids).toEqual(['p:5', 'w:5', 'p:7', 'w:9']);
    expect(await store.cursor()).toEqual({ p: 7, w: 9 });
  });
});

describe('SideStore in the phone settings storage', () => {
  it('finds everything again after the side service restarts, across many chunks', async () => {
    const storage = new SettingsStorageFake();
    const first = new SideStore(storage);
    const own = Array.from({ length: 3000 }, (_, i) => ping('watch-1', i + 1, [`t${i % 50}`]));
    for (let i = 0; i < own.length; i += 100) await first.appendOwn(own.slice(i, i + 100));
    await first.setAcked(1500);
    await first.putReplica([ping('cli', 3), ping('cli', 9)], { cli: 9 });
    expect([...storage.values.keys()].filter((k) => k.includes('own.')).length).toBeGreaterThan(1);
    const again = new SideStore(storage);
    expect(await again.ownRecords()).toEqual(own);
    expect(await again.acked()).toBe(1500);
    expect(await again.cursor()).toEqual({ cli: 9 });
    expect((await again.replicaRecords()).map((r) => r.t)).toEqual([3, 9]);
    again.reset();
    expect(await new SideStore(storage).ownRecords()).toEqual([]);
  });
});
