import { compareRecords, LIMITS, type LogRecord } from '@tagtime/log';
import { afterEach, describe, expect, it } from 'vitest';
import type { ClientStore } from '../store.js';
import { checkKeptView } from './kept-view.js';

export { viewDraft } from './kept-view.js';
export { describeTakeViewContract, type TakeViewSubject } from './take-view-contract.js';

// The ClientStore contract as a vitest suite: every store (MemoryStore, the CLI's, the watch's
// side store, the browser's) runs it with its own factory, so "a store" means the same thing
// everywhere. `SyncClient` relies on each of these sentences.

/** A store under test, fresh and empty, and how to reopen and free it. */
export interface StoreUnderTest {
  store: ClientStore;
  /** Opens the same storage again, as a new process would; absent for stores that forget. */
  reopen?: () => Promise<ClientStore>;
  /** Frees what the store holds (handles, files); called after each test. */
  close?: () => Promise<void>;
}

export interface StoreContractOptions {
  /** Records in the large-batch test (default 6000, more than one push batch). */
  bulkRecords?: number;
  /** fast-check runs of "kept equals fresh" (default 100). */
  keptViewRuns?: number;
}

const ping = (device: string, t: number, tags = ['a'], ping = 1700003368): LogRecord => ({
  device,
  t,
  kind: 'ping',
  body: { ping, tags },
});

const times = (records: readonly LogRecord[]) => records.map((r) => r.t);
const ids = (records: readonly LogRecord[]) => records.map((r) => `${r.device}:${r.t}`);

/** Runs the ClientStore contract against stores made by `open`. */
export function describeStoreContract(
  name: string,
  open: () => Promise<StoreUnderTest>,
  options: StoreContractOptions = {},
): void {
  describe(`${name} (the ClientStore contract)`, () => {
    const opened: StoreUnderTest[] = [];
    const make = async (): Promise<StoreUnderTest> => {
      const handle = await open();
      opened.push(handle);
      return handle;
    };
    afterEach(async () => {
      for (const handle of opened.splice(0)) await handle.close?.();
    });

    it('starts empty', async () => {
      const { store } = await make();
      expect(await store.ownRecords()).toEqual([]);
      expect(await store.lastOwnTime()).toBeUndefined();
      expect(await store.acked()).toBeUndefined();
      expect(await store.unackedCount()).toBe(0);
      expect(await store.unacked(10)).toEqual([]);
      expect({ ...(await store.cursor()) }).toEqual({});
      expect(await store.replicaRecords()).toEqual([]);
    });

    it('grows the own log in t and refuses a batch whose times do not grow, storing none of it', async () => {
      const { store } = await make();
      await store.appendOwn([ping('d', 1), ping('d', 5)]);
      await store.appendOwn([ping('d', 7)]);
      await store.appendOwn([]);
      expect(times(await store.ownRecords())).toEqual([1, 5, 7]);
      expect(await store.lastOwnTime()).toBe(7);
      await expect(store.appendOwn([ping('d', 7)])).rejects.toThrow();
      await expect(store.appendOwn([ping('d', 8), ping('d', 9), ping('d', 9)])).rejects.toThrow();
      await expect(store.appendOwn([ping('d', 3)])).rejects.toThrow();
      expect(times(await store.ownRecords())).toEqual([1, 5, 7]);
      expect(await store.lastOwnTime()).toBe(7);
    });

    it('gives back exactly the records it was given', async () => {
      const { store } = await make();
      const records: LogRecord[] = [
        { device: 'd', t: 1, kind: 'config', body: { key: 'x', value: { 'a.b': 1, $c: [true] } } },
        {
          device: 'd',
          t: 2,
          kind: 'ping',
          body: { ping: 1700003368, tags: ['é', '日本'], note: 'n' },
        },
        { device: 'd', t: 3, kind: 'ping', body: { ping: 1700003660, tags: [], auto: true } },
        { device: 'd', t: 4, kind: 'command', body: { op: 'rename-tag', from: 'a', to: 'b' } },
        { device: 'd', t: 5, kind: 'error', body: { message: 'm', context: { n: null } } },
      ];
      await store.appendOwn(records);
      expect(await store.ownRecords()).toEqual(records);
      const replica: LogRecord = {
        device: 'w',
        t: 9,
        kind: 'event',
        body: { name: 'e', data: { deep: [1, { x: 'y' }] } },
      };
      await store.putReplica([replica], { w: 9 });
      expect(await store.replicaRecords()).toEqual([replica]);
    });

    it('moves the acknowledged point only forward; unacked is what follows it, in order', async () => {
      const { store } = await make();
      await store.appendOwn([ping('d', 1), ping('d', 2), ping('d', 3), ping('d', 4)]);
      expect(await store.unackedCount()).toBe(4);
      expect(times(await store.unacked(2))).toEqual([1, 2]);
      await store.setAcked(2);
      await store.setAcked(1);
      expect(await store.acked()).toBe(2);
      expect(times(await store.unacked(10))).toEqual([3, 4]);
      expect(await store.unackedCount()).toBe(2);
      await store.setAcked(4);
      expect(await store.unacked(10)).toEqual([]);
      expect(await store.unackedCount()).toBe(0);
      await store.appendOwn([ping('d', 6)]);
      expect(times(await store.unacked(10))).toEqual([6]);
    });

    it('relabels never-sent records, and refuses once something was acknowledged', async () => {
      const { store } = await make();
      await store.appendOwn([ping('local', 1), ping('local', 2)]);
      expect(await store.relabelOwn('laptop')).toBe(2);
      expect((await store.ownRecords()).map((r) => r.device)).toEqual(['laptop', 'laptop']);
      expect((await store.unacked(10)).map((r) => r.device)).toEqual(['laptop', 'laptop']);
      await store.setAcked(1);
      await expect(store.relabelOwn('other')).rejects.toThrow();
      expect((await store.ownRecords()).map((r) => r.device)).toEqual(['laptop', 'laptop']);
    });

    it('keeps one copy of a replicated record, returns the replica in merged order, and keeps the cursor', async () => {
      const { store } = await make();
      await store.putReplica([ping('w', 5), ping('p', 5), ping('w', 9)], { w: 9, p: 5 });
      await store.putReplica([ping('w', 9), ping('p', 7)], { w: 9, p: 7 });
      await store.putReplica([], { w: 9, p: 7, x: 3 });
      expect(ids(await store.replicaRecords())).toEqual(['p:5', 'w:5', 'p:7', 'w:9']);
      expect({ ...(await store.cursor()) }).toEqual({ p: 7, w: 9, x: 3 });
    });

    it('keeps the replica apart from the own log', async () => {
      const { store } = await make();
      await store.appendOwn([ping('d', 10)]);
      await store.putReplica([ping('w', 5), ping('w', 20)], { w: 20 });
      expect(ids(await store.ownRecords())).toEqual(['d:10']);
      expect(await store.lastOwnTime()).toBe(10);
      expect(await store.unackedCount()).toBe(1);
      expect(ids(await store.replicaRecords())).toEqual(['w:5', 'w:20']);
    });

    it(`takes large batches in one call`, async () => {
      const { store } = await make();
      const n = options.bulkRecords ?? 6000;
      await store.appendOwn(Array.from({ length: n }, (_, i) => ping('d', i + 1, [`t${i % 50}`])));
      const replica = Array.from({ length: n }, (_, i) => ping(i % 2 ? 'p' : 'w', i + 1));
      await store.putReplica(replica, { p: n, w: n - 1 });
      expect(await store.unackedCount()).toBe(n);
      const batch = Math.min(n, LIMITS.batchRecords);
      expect(times(await store.unacked(batch))).toEqual(
        Array.from({ length: batch }, (_, i) => i + 1),
      );
      expect(ids(await store.replicaRecords())).toEqual(ids([...replica].sort(compareRecords)));
    });

    it('keeps a view equal to a fresh fold of its records, whatever the interleaving, also reopened', async () => {
      await checkKeptView(open, { runs: options.keptViewRuns });
    }, 60_000);

    it('finds everything again after reopening', async (context) => {
      const handle = await make();
      if (!handle.reopen) {
        context.skip();
        return;
      }
      const { store } = handle;
      await store.appendOwn([ping('d', 1), ping('d', 2, ['b'])]);
      await store.setAcked(1);
      await store.putReplica([ping('w', 3)], { w: 3, d: 2 });
      const again = await handle.reopen();
      expect(await again.ownRecords()).toEqual([ping('d', 1), ping('d', 2, ['b'])]);
      expect(await again.lastOwnTime()).toBe(2);
      expect(await again.acked()).toBe(1);
      expect(times(await again.unacked(10))).toEqual([2]);
      expect({ ...(await again.cursor()) }).toEqual({ d: 2, w: 3 });
      expect(await again.replicaRecords()).toEqual([ping('w', 3)]);
    });
  });
}
