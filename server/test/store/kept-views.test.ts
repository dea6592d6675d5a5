// The kept view of the LMDB store: each user's LogView, written in the append's own write
// transaction, equals a fresh fold of the user's stored records — after appends of several
// devices in any interleaving (a late device too), concurrent appends in one group commit, a
// reopen, a view cache too small to hold it, and a store whose views were lost or outdated.
import { foldLog, type LogRecord, type LogViewState, tagSnapshot } from '@tagtime/log';
import { describe, expect, test } from 'vitest';
import type { CatchUpProgress } from '../../src/store/kept-views-upkeep.js';
import { viewKey } from '../../src/store/keys.js';
import { LmdbLogStore } from '../../src/store/lmdb-store.js';
import { repairStore } from '../../src/store/verify.js';
import { storePerTest } from '../helpers/temp-store.js';
import { mixedRecords, seeded } from '../helpers/view-records.js';

const temp = storePerTest();

const T0 = 1_700_000_000_000;

/** What the store holds for the user, folded afresh (UTC). */
function freshFold(store: LmdbLogStore, userId: string): LogViewState {
  const records: LogRecord[] = [];
  for (const log of store.index.getRange({ start: [userId], end: [userId, '~'] })) {
    const device = (log.key as string[])[1] as string;
    for (const { json } of store.readLog(userId, device)) records.push(JSON.parse(json));
  }
  return foldLog(records, { timeZone: 'UTC' }).state();
}

const keptState = (store: LmdbLogStore, userId: string) =>
  store.readView(userId, (kept) => JSON.parse(JSON.stringify(kept.view.state())) as LogViewState);

/** Device logs of `n` records each, cut into batches of 1–30, in a random interleaving. */
function interleavedBatches(seed: number, devices: string[], n: number, lateDevice?: string) {
  const rand = seeded(seed);
  const pending = devices.map((device, i) => {
    // The late device's records lie in the middle of the others', and all come last.
    const records = mixedRecords(rand, device, T0 + i, n);
    const batches: LogRecord[][] = [];
    for (let at = 0; at < records.length; ) {
      const size = 1 + Math.floor(rand() * 30);
      batches.push(records.slice(at, at + size));
      at += size;
    }
    return { device, batches };
  });
  const order: { device: string; records: LogRecord[] }[] = [];
  const early = pending.filter((p) => p.device !== lateDevice);
  while (early.some((p) => p.batches.length > 0)) {
    const open = early.filter((p) => p.batches.length > 0);
    const from = open[Math.floor(rand() * open.length)] as (typeof open)[number];
    order.push({ device: from.device, records: from.batches.shift() as LogRecord[] });
  }
  for (const late of pending.filter((p) => p.device === lateDevice)) {
    for (const records of late.batches) order.push({ device: late.device, records });
  }
  return order;
}

describe('a kept view equals a fresh fold of the stored records', () => {
  test.each([1, 2, 3])('appends of three devices, one of them late (seed %i)', async (seed) => {
    const { store } = temp;
    for (const { device, records } of interleavedBatches(
      seed,
      ['dev_a', 'dev_b', 'late'],
      150,
      'late',
    )) {
      const outcome = await store.append('usr_1', device, records);
      expect(outcome.ok).toBe(true);
      // A resend changes nothing.
      if (seed === 1) await store.append('usr_1', device, records);
    }
    await store.append('usr_2', 'dev_x', mixedRecords(seeded(seed + 10), 'dev_x', T0, 40));
    const fold = freshFold(store, 'usr_1');
    expect(fold.size).toBe(450);
    expect(await keptState(store, 'usr_1')).toEqual(fold);
    expect(await keptState(store, 'usr_2')).toEqual(freshFold(store, 'usr_2'));
    expect((await store.verify()).problems).toEqual([]);
  });

  test('concurrent appends of one user in the group commit', async () => {
    const store = new LmdbLogStore({ path: `${temp.path}/group`, commits: 'group' });
    try {
      const rand = seeded(7);
      const logs = ['d1', 'd2', 'd3', 'd4'].map((device, i) =>
        mixedRecords(rand, device, T0 + i, 200),
      );
      await Promise.all(
        logs.map(async (records) => {
          for (let at = 0; at < records.length; at += 25) {
            const batch = records.slice(at, at + 25);
            expect((await store.append('usr_g', batch[0]?.device as string, batch)).ok).toBe(true);
          }
        }),
      );
      expect(await keptState(store, 'usr_g')).toEqual(freshFold(store, 'usr_g'));
      expect((await store.verify()).problems).toEqual([]);
    } finally {
      await store.close();
    }
  });

  test('with a cache too small to hold one view, and after a reopen', async () => {
    const path = `${temp.path}/small`;
    let store = new LmdbLogStore({ path, viewCacheBytes: 1 });
    const rand = seeded(11);
    for (const user of ['usr_a', 'usr_b', 'usr_c']) {
      for (let i = 0; i < 5; i++) {
        await store.append(user, 'dev', mixedRecords(rand, 'dev', T0 + i * 10_000_000, 20));
      }
    }
    const expected = ['usr_a', 'usr_b', 'usr_c'].map((user) => freshFold(store, user));
    expect(await Promise.all(['usr_a', 'usr_b', 'usr_c'].map((u) => keptState(store, u)))).toEqual(
      expected,
    );
    expect(store.views.cacheUse().views).toBe(1);
    await store.close();
    store = new LmdbLogStore({ path });
    try {
      expect(await keptState(store, 'usr_b')).toEqual(expected[1]);
    } finally {
      await store.close();
    }
  });

  test('what a reader made of a view is made again once the view changes', async () => {
    const { store } = temp;
    await store.append('usr_1', 'dev', mixedRecords(seeded(4), 'dev', T0, 10));
    let made = 0;
    const size = () =>
      store.readView('usr_1', (kept) =>
        kept.memo('size', (view) => {
          made += 1;
          return view.size;
        }),
      );
    expect([await size(), await size()]).toEqual([10, 10]);
    expect(made).toBe(1);
    await store.append('usr_1', 'dev', mixedRecords(seeded(4), 'dev', T0 + 1e9, 5));
    expect(await size()).toBe(15);
    expect(made).toBe(2);
  });

  test('a user with no records has an empty view', async () => {
    const state = await keptState(temp.store, 'usr_none');
    expect(state).toEqual(foldLog([], { timeZone: 'UTC' }).state());
  });

  test('the tag snapshot is the fold’s', async () => {
    const { store } = temp;
    await store.append('usr_1', 'dev', mixedRecords(seeded(5), 'dev', T0, 300));
    const asOf = 1_700_050_000;
    const snapshot = await store.readView('usr_1', (kept) => tagSnapshot(kept.view, asOf));
    const records = [...store.readLog('usr_1', 'dev')].map((r) => JSON.parse(r.json) as LogRecord);
    expect(snapshot).toEqual(tagSnapshot(foldLog(records, { timeZone: 'UTC' }), asOf));
    expect(snapshot.tags.length).toBeGreaterThan(0);
  });
});

describe('at open, views missing or outdated are refolded from the records', () => {
  test('lost views, a view of another version and one behind its records', async () => {
    const path = `${temp.path}/catch-up`;
    let store = new LmdbLogStore({ path });
    const rand = seeded(3);
    for (const user of ['usr_lost', 'usr_old', 'usr_behind', 'usr_fine']) {
      await store.append(user, 'dev', mixedRecords(rand, 'dev', T0, 50));
    }
    const expected = new Map(
      ['usr_lost', 'usr_old', 'usr_behind', 'usr_fine'].map((u) => [u, freshFold(store, u)]),
    );
    // Damage of three kinds, as an older server (or none at all) would have left it.
    const views = store.views.db;
    for (const key of views.getKeys({ start: ['usr_lost'], end: ['usr_lost', '~'] })) {
      await views.remove(key);
    }
    await views.put(viewKey('usr_old', ['meta']), { v: 0, timeZone: 'UTC', size: 50 });
    await views.put(viewKey('usr_behind', ['meta']), { v: 1, timeZone: 'UTC', size: 49 });
    expect((await store.verify()).problems).toEqual([
      'kept view of user usr_behind differs from a fresh fold of its 50 records in size',
      'kept view of user usr_lost is missing (50 records)',
      'kept view of user usr_old is missing (50 records)',
    ]);
    await store.close();

    const progress: CatchUpProgress[] = [];
    store = new LmdbLogStore({ path, onCatchUp: (p) => progress.push(p) });
    try {
      expect(progress.at(-1)).toMatchObject({ users: 3, usersDone: 3, records: 150, done: true });
      expect(progress.at(-1)?.failed).toEqual([]);
      for (const [user, state] of expected) expect(await keptState(store, user)).toEqual(state);
      expect((await store.verify()).problems).toEqual([]);
    } finally {
      await store.close();
    }
    // Nothing to do the next time.
    const again: CatchUpProgress[] = [];
    store = new LmdbLogStore({ path, onCatchUp: (p) => again.push(p) });
    await store.close();
    expect(again).toEqual([]);
  });

  test('verify finds a view that disagrees with its records; repair refolds it', async () => {
    const { store } = temp;
    await store.append('usr_1', 'dev', mixedRecords(seeded(9), 'dev', T0, 80));
    const expected = freshFold(store, 'usr_1');
    const ping = expected.pings[0];
    await store.views.db.put(viewKey('usr_1', ['ping', ping?.ping ?? 0]), { ping: ping?.ping });
    expect((await store.verify()).problems).toEqual([
      'kept view of user usr_1 differs from a fresh fold of its 80 records in pings',
    ]);
    const report = await repairStore(store.env);
    expect(report.after.problems).toEqual([]);
    const reopened = new LmdbLogStore({ path: temp.path });
    try {
      expect(await keptState(reopened, 'usr_1')).toEqual(expected);
    } finally {
      await reopened.close();
    }
  });
});
