import { foldLog, type LogRecord, type RecordDraft, tagSnapshot } from '@tagtime/log';
import { encodeCompactLog } from '@tagtime/log/compact';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SettingsStorageFake } from '../runtime/zos/storage.js';
import { toBase64 } from '../src/core/base64.js';
import { SideStore, type StringStorage } from '../src/side/side-store.js';
import { expectSnapshotOf } from './helpers.js';

const DAY = 86_400;
const NOW = 1_760_000_000;

const TAGS = ['a', 'b', 'c', 'd', 'e'];

/** Records spread over two months, so answers land on many day pages and decay apart. */
const draft: fc.Arbitrary<RecordDraft> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .record({
        day: fc.integer({ min: 0, max: 60 }),
        slot: fc.integer({ min: 0, max: 2 }),
        tags: fc.uniqueArray(fc.constantFrom(...TAGS), { minLength: 1, maxLength: 3 }),
        auto: fc.boolean(),
      })
      .map(({ day, slot, tags, auto }) => {
        const ping = NOW - day * DAY - slot * 2700;
        return {
          kind: 'ping' as const,
          body: auto ? { ping, tags, auto: true as const } : { ping, tags },
        };
      }),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom(...TAGS), fc.constantFrom(...TAGS))
      .filter(([from, to]) => from !== to)
      .map(([from, to]) => ({ kind: 'command' as const, body: { op: 'rename-tag', from, to } })),
  },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 0, max: 60 }).map((day) => ({
      kind: 'command' as const,
      body: { op: 'delete-ping', ping: NOW - day * DAY },
    })),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'event' as const, body: { name: 'e' } }) },
) as fc.Arbitrary<RecordDraft>;

const step = fc.record({
  who: fc.constantFrom('own', 'own', 'cli', 'web'),
  drafts: fc.array(draft, { minLength: 1, maxLength: 6 }),
  /** How far the phone's clock moves before the step, in days. */
  days: fc.integer({ min: 0, max: 10 }),
});

describe("the side store's tag snapshot", () => {
  it("is @tagtime/log's tagSnapshot of the fresh fold, as records come and the clock moves, also reopened", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 20 }), async (steps) => {
        const storage = new SettingsStorageFake();
        let now = (NOW - 30 * DAY) * 1000;
        const options = { now: () => now };
        const store = new SideStore(storage, options);
        const last = new Map<string, number>();
        const cursor: Record<string, number> = {};
        for (const { who, drafts, days } of steps) {
          now += days * DAY * 1000;
          const device = who === 'own' ? 'watch-1' : who;
          const records = drafts.map((d) => {
            const t = (last.get(device) ?? (NOW - 90 * DAY) * 1000) + 1000;
            last.set(device, t);
            return { device, t, ...d } as LogRecord;
          });
          if (device === 'watch-1') store.appendAcked(records);
          else {
            cursor[device] = (records.at(-1) as LogRecord).t;
            await store.putReplica(records, { ...cursor });
          }
        }
        const fresh = foldLog([...(await store.ownRecords()), ...(await store.replicaRecords())]);
        const asOf = Math.floor(now / 1000);
        expectSnapshotOf(store.tagSnapshot(asOf), tagSnapshot(fresh, asOf));
        expectSnapshotOf(
          new SideStore(storage, options).tagSnapshot(asOf + DAY),
          tagSnapshot(fresh, asOf + DAY),
        );
        // A phone clock set back behind the kept scores' base: ranked from the answers.
        expectSnapshotOf(store.tagSnapshot(NOW - 100 * DAY), tagSnapshot(fresh, NOW - 100 * DAY));
      }),
      { numRuns: 150 },
    );
  }, 60_000);
});

/** Storage that counts what is read and written, key by key. */
class CountingStorage implements StringStorage {
  read = new Map<string, number>();
  written = new Map<string, number>();
  constructor(readonly disk: SettingsStorageFake) {}
  getItem(key: string) {
    const value = this.disk.getItem(key);
    this.read.set(key, (this.read.get(key) ?? 0) + (value?.length ?? 0));
    return value;
  }
  setItem(key: string, value: string) {
    this.written.set(key, (this.written.get(key) ?? 0) + value.length);
    this.disk.setItem(key, value);
  }
  removeItem(key: string) {
    this.written.set(key, this.written.get(key) ?? 0);
    this.disk.removeItem(key);
  }
  bytes(): number {
    let n = 0;
    for (const m of [this.read, this.written]) for (const v of m.values()) n += v;
    return n;
  }
}

/** A history of `n` answers, half the watch's and half another device's, one per 45 minutes. */
async function history(n: number): Promise<SettingsStorageFake> {
  const disk = new SettingsStorageFake();
  const store = new SideStore(disk, { now: () => NOW * 1000 });
  const start = NOW - n * 2700;
  const answer = (i: number, device: string): LogRecord => ({
    device,
    t: (start + i * 2700) * 1000 + 5000,
    kind: 'ping',
    body: { ping: start + i * 2700, tags: [TAGS[i % 5] as string, TAGS[(i * 3) % 5] as string] },
  });
  for (let i = 0; i < n; i += 500) {
    const batch = Array.from({ length: Math.min(500, n - i) }, (_, j) => i + j);
    store.appendAcked(batch.filter((k) => k % 2).map((k) => answer(k, 'watch-1')));
    const replica = batch.filter((k) => k % 2 === 0).map((k) => answer(k, 'cli'));
    await store.putReplica(replica, { cli: (replica.at(-1) as LogRecord).t });
  }
  return disk;
}

describe('one answer on the phone side', () => {
  it('reads and writes the same keys and about the same bytes with 2k or 20k records of history', async () => {
    const costs = [];
    for (const n of [2000, 20_000]) {
      const disk = await history(n);
      const storage = new CountingStorage(disk);
      const store = new SideStore(storage, { now: () => (NOW + 600) * 1000 });
      const t = (NOW + 60) * 1000;
      store.appendAcked([{ device: 'watch-1', t, kind: 'ping', body: { ping: NOW, tags: ['x'] } }]);
      await store.putReplica([], { cli: t, 'watch-1': t });
      store.tagSnapshot(NOW + 600);
      store.schedule();
      let stored = 0;
      for (const value of disk.values.values()) stored += value.length;
      costs.push({
        keys: storage.read.size + storage.written.size,
        bytes: storage.bytes(),
        stored,
      });
    }
    const [small, large] = costs as [(typeof costs)[0], (typeof costs)[0]];
    expect(large.stored).toBeGreaterThan(small.stored * 8);
    expect(large.keys).toBe(small.keys);
    // The last chunk of each log is read whole (at most 16 KiB and a page, as base64).
    expect(large.bytes).toBeLessThan(small.bytes * 1.5 + 64 * 1024);
    expect(large.bytes).toBeLessThan(128 * 1024);
  });
});

describe('a phone copy written by the version that kept the view as one checkpoint', () => {
  it('opens with every record, folds the view once, and drops the old checkpoint', async () => {
    const disk = new SettingsStorageFake();
    const own: LogRecord[] = [1, 2, 3].map((i) => ({
      device: 'watch-1',
      t: i * 1000,
      kind: 'ping',
      body: { ping: NOW - i * DAY, tags: ['work'] },
    }));
    const replica: LogRecord[] = [
      {
        device: 'cli',
        t: 1500,
        kind: 'command',
        body: { op: 'rename-tag', from: 'work', to: 'job' },
      },
      { device: 'cli', t: 2500, kind: 'ping', body: { ping: NOW, tags: ['tea'] } },
    ];
    disk.setItem('tt.store.own.0', toBase64(encodeCompactLog(own)));
    disk.setItem('tt.store.replica.0', toBase64(encodeCompactLog(replica)));
    disk.setItem(
      'tt.store.meta',
      JSON.stringify({
        v: 1,
        acked: 3000,
        cursor: { cli: 2500 },
        gen: 0,
        ownChunks: 1,
        replicaChunks: 1,
      }),
    );
    disk.setItem('tt.store.view', JSON.stringify({ gen: 0, own: 3, replica: 2, state: {} }));
    const store = new SideStore(disk, { now: () => NOW * 1000 });
    const fresh = foldLog([...own, ...replica]);
    expect(await store.ownRecords()).toEqual(own);
    expect(await store.viewState()).toEqual(fresh.state());
    expect(disk.getItem('tt.store.view')).toBeNull();
    expectSnapshotOf(store.tagSnapshot(NOW), tagSnapshot(fresh, NOW));
    // A page fetched again is told apart by the heads the old meta did not keep.
    await store.putReplica(replica, { cli: 2500 });
    expect(await store.replicaRecords()).toEqual(replica);
    expect(await new SideStore(disk).viewState()).toEqual(fresh.state());
  });
});
