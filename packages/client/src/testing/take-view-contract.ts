import { compareRecords, foldLog, type LogRecord } from '@tagtime/log';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ClientStore } from '../store.js';
import { viewDraft } from './kept-view.js';

// The first-sync half of the ClientStore contract, for stores that take the server's kept view
// (the CLI's, the browser's): pages stored unfolded, then the view taken. The view a store ends
// with is the fold of the records it holds, whatever the view was read against (records after
// its heads are folded in); a view naming records the store lacks is not taken; a store left
// lagging (a sync cut short) is brought level when it is opened again or its state is read.

type TakingStore = ClientStore &
  Required<Pick<ClientStore, 'putReplicaUnfolded' | 'takeView' | 'viewLags'>>;

/** How to make, open and free a store under test, and what its readers see of one ping. */
export interface TakeViewSubject<S extends TakingStore> {
  /** A fresh place for a store: a folder, a database name. */
  place(): Promise<string> | string;
  open(place: string): Promise<S>;
  close(store: S): Promise<void> | void;
  /** The tags of `ping`'s answer as the store's readers (screen, commands) see it now. */
  answerTags(store: S, ping: number): Promise<string[] | undefined> | string[] | undefined;
}

const PINGS = [1700003368, 1700003660, 1700009822];
const OWN = 'laptop';
const DEVICES = [OWN, 'phone', 'watch', 'tablet'];

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

export function describeTakeViewContract<S extends TakingStore>(
  name: string,
  subject: TakeViewSubject<S>,
): void {
  /** The store after a first sync's pages: own records appended, the others' pages unfolded. */
  async function pulledStore(records: readonly LogRecord[], page: number): Promise<S> {
    const store = await subject.open(await subject.place());
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

  describe(`${name}: a first sync takes the server’s view`, () => {
    it('ends with the fold of every record it holds, whatever the view was read against', async () => {
      await fc.assert(
        fc.asyncProperty(
          logArb,
          fc.double({ min: 0, max: 1, noNaN: true }),
          fc.integer({ min: 1, max: 7 }),
          async (records, cut, page) => {
            const store = await pulledStore(records, page);
            try {
              expect(await store.viewLags()).toBe(records.some((r) => r.device !== OWN));
              const server = foldLog(upToHeads(records, cut)).state();
              expect(await store.takeView(server)).toBe(true);
              expect(await store.viewLags()).toBe(false);
              expect(await store.viewState()).toEqual(foldLog(records).state());
            } finally {
              await subject.close(store);
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
      const store = await pulledStore(records, 5);
      expect(await store.takeView(foldLog([...records, extra]).state())).toBe(false);
      expect(await store.viewState()).toEqual(foldLog(records).state());
      expect(await store.takeView(undefined)).toBe(false);
      expect(await store.viewState()).toEqual(foldLog(records).state());
      await subject.close(store);
    });

    it('brings a lagging view level when opened again or when its state is read', async () => {
      const records: LogRecord[] = [
        { device: 'phone', t: 10, kind: 'ping', body: { ping: PINGS[0] as number, tags: ['eat'] } },
        { device: 'watch', t: 20, kind: 'error', body: { message: 'm' } },
        { device: OWN, t: 30, kind: 'ping', body: { ping: PINGS[1] as number, tags: ['code'] } },
      ];
      const place = await subject.place();
      let store = await subject.open(place);
      await store.appendOwn(records.filter((r) => r.device === OWN));
      await store.putReplicaUnfolded(records.slice(0, 2), { phone: 10, watch: 20 });
      expect(await store.viewLags()).toBe(true);
      // What readers see in between is the view before the pull: the own answer only.
      expect(await subject.answerTags(store, PINGS[0] as number)).toBeUndefined();
      await subject.close(store);
      store = await subject.open(place);
      expect(await store.viewLags()).toBe(false);
      expect(await store.viewState()).toEqual(foldLog(records).state());
      await store.putReplicaUnfolded(
        [{ device: 'phone', t: 40, kind: 'ping', body: { ping: PINGS[2] as number, tags: [] } }],
        { phone: 40, watch: 20 },
      );
      const all = [...(await store.ownRecords()), ...(await store.replicaRecords())];
      expect(await store.viewState()).toEqual(foldLog(all).state());
      expect(await store.viewLags()).toBe(false);
      await subject.close(store);
    });
  });
}
