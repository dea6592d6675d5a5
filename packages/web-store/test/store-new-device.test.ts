// A browser paired again after its device was revoked: what the server stored stays the old
// device's log; what it never stored becomes the new device's, to be sent under it.
import 'fake-indexeddb/auto';
import { foldLog, type LogRecord } from '@tagtime/log';
import { describe, expect, it } from 'vitest';
import { IdbStore } from '../src/idb-store.js';

const answer = (device: string, t: number, ping: number, tags: string[]): LogRecord => ({
  device,
  t,
  kind: 'ping',
  body: { ping, tags },
});

describe('IdbStore.startNewDevice', () => {
  it('keeps the acknowledged records as the old log and moves the rest to the new device', async () => {
    const store = await IdbStore.open(`new-device-${Date.now()}`);
    const phone = answer('phone', 5, 1700000100, ['eat']);
    await store.putReplica([phone], { phone: 5 });
    await store.appendOwn([
      answer('old', 10, 1700003368, ['work']),
      answer('old', 20, 1700003660, ['code']),
      answer('old', 30, 1700009822, ['lunch']),
    ]);
    await store.setAcked(20);

    expect(await store.startNewDevice('new')).toBe(1);

    expect(await store.ownRecords()).toEqual([answer('new', 30, 1700009822, ['lunch'])]);
    expect(await store.acked()).toBeUndefined();
    expect(await store.unackedCount()).toBe(1);
    expect(await store.replicaRecords()).toEqual([
      phone,
      answer('old', 10, 1700003368, ['work']),
      answer('old', 20, 1700003660, ['code']),
    ]);
    expect(await store.cursor()).toEqual({ phone: 5, old: 20 });
    const all = [...(await store.replicaRecords()), ...(await store.ownRecords())];
    expect(await store.viewState()).toEqual(foldLog(all).state());
    // The new device's own log grows from there as any.
    await store.appendOwn([answer('new', 40, 1700013932, ['walk'])]);
    expect((await store.unacked(10)).map((r) => r.t)).toEqual([30, 40]);
    store.close();
  });

  it('with nothing acknowledged, every own record becomes the new device’s', async () => {
    const store = await IdbStore.open(`new-device-none-${Date.now()}`);
    await store.appendOwn([answer('old', 10, 1700003368, ['work'])]);
    expect(await store.startNewDevice('new')).toBe(1);
    expect(await store.ownRecords()).toEqual([answer('new', 10, 1700003368, ['work'])]);
    expect(await store.replicaRecords()).toEqual([]);
    expect(await store.cursor()).toEqual({});
    store.close();
  });
});
