// A first sync stores its pages unfolded and takes the server's kept view: the view it ends with
// is the fold of the records it holds, whatever the view was read against (records after its
// heads are folded in), a view naming records the store lacks is not taken, and a store left
// lagging (a sync cut short) is brought level when it is opened again or its state is read.
import 'fake-indexeddb/auto';
import { viewDraft } from '@tagtime/client/testing';
import { compareRecords, foldLog, type LogRecord } from '@tagtime/log';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdbStore } from '../src/idb-store.js';

const PINGS = [1700003368, 1700003660, 1700009822];
const OWN = 'laptop';
const DEVICES = [OWN, 'phone', 'watch', 'tablet'];
let n = 0;

/** Records of the four devices, each device's times growing, days apart now and then. */
const logArb = fc
  .array(
    fc.tuple(fc.constantFrom(...DEVICES), fc.integer({ min: 1, max: 40_000_000 }), viewDraft),
    { minLength: 1, maxLength: 60 },
  )
  .map((steps) => {
    const last = new Map<string, number>();
    return steps.map(([device, gap, draft]): LogRecord => {
      const t = (last.get(device) ?? 1_700_000_000_000) + gap;
      last.set(device, t);
      return { device, t, ...draft } as LogRecord;
    });
  });

/** Each device's records up to a cut: what a view read at some moment was folded from. */
function upToHeads(records: readonly LogRecord[], cut: number): LogRecord[] {
  const byDevice = new Map<string, LogRecord[]>();
  for (const r of records) byDevice.set(r.device, [...(byDevice.get(r.device) ?? []), r]);
  return [...byDevice.values()].flatMap((log) => log.slice(0, Math.ceil(log.length * cut)));
}

/** The store after a first sync's pages: own records appended, the others' pages unfolded. */
async function pulledStore(name: string, records: readonly LogRecord[], page: number) {
  const store = await IdbStore.open(name);
  await store.appendOwn(records.filter((r) => r.device === OWN));
  const others = records.filter((r) => r.device !== OWN).sort(compareRecords);
  const cursor: Record<string, number> = {};
  for (let i = 0; i < others.length; i += page) {
    const slice = others.slice(i, i + page);
    for (const r of slice) cursor[r.device] = r.t;
    await store.putReplicaUnfolded(slice, { ...cursor });
  }
  return store;
}

describe('IdbStore: a first sync takes the server’s view', () => {
  it('ends with the fold of every record it holds, whatever the view was read against', async () => {
    await fc.assert(
      fc.asyncProperty(
        logArb,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 1, max: 7 }),
        async (records, cut, page) => {
          const store = await pulledStore(`take-${++n}`, records, page);
          try {
            expect(await store.viewLags()).toBe(records.some((r) => r.device !== OWN));
            const server = foldLog(upToHeads(records, cut)).state();
            expect(await store.takeView(server)).toBe(true);
            expect(await store.viewLags()).toBe(false);
            expect(await store.viewState()).toEqual(foldLog(records).state());
          } finally {
            store.close();
          }
        },
      ),
      { numRuns: 40 },
    );
  }, 120_000);

  it('does not take a view naming records it lacks, and folds its own records instead', async () => {
    const records: LogRecord[] = [
      { device: 'phone', t: 10, kind: 'ping', body: { ping: PINGS[0] as number, tags: ['eat'] } },
      { device: OWN, t: 11, kind: 'ping', body: { ping: PINGS[1] as number, tags: ['code'] } },
    ];
    const extra: LogRecord = {
      device: 'phone',
      t: 12,
      kind: 'ping',
      body: { ping: PINGS[2] as number, tags: ['work'] },
    };
    const store = await pulledStore(`take-${++n}`, records, 5);
    expect(await store.takeView(foldLog([...records, extra]).state())).toBe(false);
    expect(await store.viewState()).toEqual(foldLog(records).state());
    expect(await store.takeView(undefined)).toBe(false);
    expect(await store.viewState()).toEqual(foldLog(records).state());
    store.close();
  });

  it('brings a lagging view level when opened again or when its state is read', async () => {
    const records: LogRecord[] = [
      { device: 'phone', t: 10, kind: 'ping', body: { ping: PINGS[0] as number, tags: ['eat'] } },
      { device: 'watch', t: 20, kind: 'error', body: { message: 'm' } },
      { device: OWN, t: 30, kind: 'ping', body: { ping: PINGS[1] as number, tags: ['code'] } },
    ];
    const name = `take-${++n}`;
    let store = await IdbStore.open(name);
    await store.appendOwn(records.filter((r) => r.device === OWN));
    await store.putReplicaUnfolded(records.slice(0, 2), { phone: 10, watch: 20 });
    expect(await store.viewLags()).toBe(true);
    // What the screen reads in between is the view before the pull: the own answer only.
    expect(await store.answers(PINGS[0] as number, (PINGS[0] as number) + 1)).toEqual([]);
    store.close();
    store = await IdbStore.open(name);
    expect(await store.viewLags()).toBe(false);
    expect(await store.viewState()).toEqual(foldLog(records).state());
    await store.putReplicaUnfolded(
      [{ device: 'phone', t: 40, kind: 'ping', body: { ping: PINGS[2] as number, tags: [] } }],
      { phone: 40, watch: 20 },
    );
    const all = [...(await store.ownRecords()), ...(await store.replicaRecords())];
    expect(await store.viewState()).toEqual(foldLog(all).state());
    expect(await store.viewLags()).toBe(false);
    store.close();
  });
});
