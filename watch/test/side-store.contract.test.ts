import { describeStoreContract } from '@tagtime/client/testing';
import type { LogRecord } from '@tagtime/log';
import { describe, expect, it } from 'vitest';
import { SettingsStorageFake } from '../runtime/zos/storage.js';
import { SideStore } from '../src/side/side-store.js';

// The ClientStore contract of @tagtime/client, as every store runs it (the CLI's, MemoryStore):
// reopening is a new SideStore over the same phone storage, as after a side-service restart.
describeStoreContract('SideStore', async () => {
  const storage = new SettingsStorageFake();
  return { store: new SideStore(storage), reopen: async () => new SideStore(storage) };
});

const ping = (device: string, t: number, tags = ['a']): LogRecord => ({
  device,
  t,
  kind: 'ping',
  body: { ping: 1700003368, tags },
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
