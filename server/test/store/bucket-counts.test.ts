// The support queries' secondary index: counts per kind in quarter hours and days, written in
// the append's transaction, built for stores written before it, checked by verify.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { DAY_MS, QUARTER_MS } from '../../src/store/bucket-counts.js';
import { LmdbLogStore } from '../../src/store/lmdb-store.js';
import { makeRecords } from '../helpers/fixtures.js';
import { storePerTest } from '../helpers/temp-store.js';

const temp = storePerTest();

const T0 = Date.UTC(2026, 0, 1);
const times = (iterable: Iterable<{ t: number }>) => [...iterable].map((record) => record.t);

describe('range scans', () => {
  test('read a time range of one log forwards and backwards, ends included', async () => {
    await temp.store.append('usr_1', 'dev_a', makeRecords('dev_a', 100, 10));
    expect(times(temp.store.scanLog('usr_1', 'dev_a', { from: 102, to: 105 }))).toEqual([
      102, 103, 104, 105,
    ]);
    expect(
      times(temp.store.scanLog('usr_1', 'dev_a', { from: 102, to: 105, reverse: true })),
    ).toEqual([105, 104, 103, 102]);
    expect(times(temp.store.scanLog('usr_1', 'dev_a', { from: 0, to: 99 }))).toEqual([]);
    expect(times(temp.store.scanLog('usr_1', 'dev_a', { from: 5, to: 4 }))).toEqual([]);
    expect(temp.store.getRecord('usr_1', 'dev_a', 103)?.t).toBe(103);
    expect(temp.store.getRecord('usr_1', 'dev_a', 1000)).toBeUndefined();
  });
});

describe('bucket counts', () => {
  test('count each appended record once per quarter hour and per day, by kind', async () => {
    // 8 records 10 minutes apart: kinds cycle ping, event, error.
    await temp.store.append('usr_1', 'dev_a', makeRecords('dev_a', T0, 5, 10 * 60_000));
    await temp.store.append(
      'usr_1',
      'dev_a',
      makeRecords('dev_a', T0 + 50 * 60_000, 3, 10 * 60_000),
    );
    await temp.store.append('usr_1', 'dev_b', makeRecords('dev_b', T0 + DAY_MS, 1));
    const quarters = [
      ...temp.store.bucketCounts('usr_1', 'dev_a', { level: 'quarter', from: 0, to: T0 + DAY_MS }),
    ];
    expect(quarters).toEqual([
      { start: T0, counts: { ping: 1, event: 1 } },
      { start: T0 + QUARTER_MS, counts: { error: 1 } },
      { start: T0 + 2 * QUARTER_MS, counts: { ping: 1, event: 1 } },
      { start: T0 + 3 * QUARTER_MS, counts: { ping: 1 } },
      { start: T0 + 4 * QUARTER_MS, counts: { event: 1, error: 1 } },
    ]);
    expect([
      ...temp.store.bucketCounts('usr_1', 'dev_a', {
        level: 'day',
        from: T0,
        to: T0,
        reverse: true,
      }),
    ]).toEqual([{ start: T0, counts: { ping: 3, event: 3, error: 2 } }]);
    // A range that starts inside a bucket still includes it; reverse gives the same, reversed.
    const overlap = {
      level: 'quarter',
      from: T0 + QUARTER_MS + 1,
      to: T0 + 3 * QUARTER_MS,
    } as const;
    const starts = (reverse: boolean) =>
      [...temp.store.bucketCounts('usr_1', 'dev_a', { ...overlap, reverse })].map((b) => b.start);
    const forward = starts(false);
    const backward = starts(true);
    expect(forward).toEqual([T0 + QUARTER_MS, T0 + 2 * QUARTER_MS, T0 + 3 * QUARTER_MS]);
    expect(backward).toEqual([...forward].reverse());
    expect((await temp.store.verify()).ok).toBe(true);
  });

  test('a refused append counts nothing, duplicates count once', async () => {
    const records = makeRecords('dev_a', T0, 3);
    await temp.store.append('usr_1', 'dev_a', records);
    await temp.store.append('usr_1', 'dev_a', records);
    const changed = { ...records[1], body: { name: 'other' } } as (typeof records)[number];
    expect((await temp.store.append('usr_1', 'dev_a', [changed])).ok).toBe(false);
    expect([
      ...temp.store.bucketCounts('usr_1', 'dev_a', { level: 'day', from: T0, to: T0 }),
    ]).toEqual([{ start: T0, counts: { ping: 1, event: 1, error: 1 } }]);
  });

  test('a temp.store written without the index is indexed when it opens, and verify checks it', async () => {
    const path = mkdtempSync(join(tmpdir(), 'tagtime-store-'));
    let older = new LmdbLogStore({ path });
    try {
      await older.append('usr_1', 'dev_a', makeRecords('dev_a', T0, 6, 20 * 60_000));
      const range = { level: 'quarter', from: 0, to: 2 * T0 } as const;
      const before = [...older.bucketCounts('usr_1', 'dev_a', range)];
      // Forget the index, as a server from before it would have left the temp.store.
      await older.buckets.db.clearAsync();
      expect(older.buckets.isBuilt()).toBe(false);
      const report = await older.verify();
      expect(report.ok).toBe(false);
      expect(report.problems[0]).toMatch(/bucket counts .* are missing/);
      await older.close();
      older = new LmdbLogStore({ path });
      expect(older.buckets.isBuilt()).toBe(true);
      expect([...older.bucketCounts('usr_1', 'dev_a', range)]).toEqual(before);
      expect((await older.verify()).ok).toBe(true);
      // A count that disagrees with the records is reported.
      await older.buckets.db.put(['usr_1', 'dev_a', 1, T0], { ping: 7 });
      expect((await older.verify()).problems).toEqual([
        `bucket counts ["usr_1","dev_a",1,${T0}] are {"ping":7}, the records give {"ping":2,"event":2,"error":2}`,
      ]);
    } finally {
      await older.close();
      rmSync(path, { recursive: true, force: true });
    }
  });
});
