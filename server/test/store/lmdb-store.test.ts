import { canonicalJson } from '@tagtime/log';
import { describe, expect, test } from 'vitest';
import { LmdbLogStore } from '../../src/store/lmdb-store.js';
import { pullRecords } from '../../src/store/pull.js';
import { makeRecords } from '../helpers/fixtures.js';
import { storePerTest } from '../helpers/temp-store.js';

const temp = storePerTest();

const all = (iterable: Iterable<{ t: number }>) => [...iterable].map((record) => record.t);

describe('append', () => {
  test('stores records, reports the head, and reads them back as canonical JSON', async () => {
    const records = makeRecords('dev_a', 100, 3);
    expect(await temp.store.append('usr_1', 'dev_a', records)).toEqual({
      ok: true,
      accepted: 3,
      duplicates: 0,
      head: 102,
    });
    const stored = [...temp.store.readLog('usr_1', 'dev_a')];
    expect(stored.map((record) => record.json)).toEqual(records.map((r) => canonicalJson(r)));
    expect(await temp.store.heads('usr_1')).toEqual({ dev_a: 102 });
    expect(await temp.store.logs('usr_1')).toEqual([{ device: 'dev_a', head: 102, count: 3 }]);
  });

  test('an identical resend counts as duplicates and stores nothing new', async () => {
    const records = makeRecords('dev_a', 100, 3);
    await temp.store.append('usr_1', 'dev_a', records);
    expect(await temp.store.append('usr_1', 'dev_a', records)).toEqual({
      ok: true,
      accepted: 0,
      duplicates: 3,
      head: 102,
    });
    expect(await temp.store.logs('usr_1')).toEqual([{ device: 'dev_a', head: 102, count: 3 }]);
  });

  test('a batch overlapping the head keeps the duplicates and appends the rest', async () => {
    const records = makeRecords('dev_a', 100, 6);
    await temp.store.append('usr_1', 'dev_a', records.slice(0, 4));
    expect(await temp.store.append('usr_1', 'dev_a', records.slice(2))).toEqual({
      ok: true,
      accepted: 2,
      duplicates: 2,
      head: 105,
    });
    expect(all(temp.store.readLog('usr_1', 'dev_a'))).toEqual([100, 101, 102, 103, 104, 105]);
  });

  test('a different record at a stored t is a conflict and stores nothing', async () => {
    const records = makeRecords('dev_a', 100, 3);
    await temp.store.append('usr_1', 'dev_a', records);
    const changed = [
      { ...records[2], body: { message: 'changed', context: null } },
      ...makeRecords('dev_a', 200, 2),
    ] as typeof records;
    expect(await temp.store.append('usr_1', 'dev_a', changed)).toEqual({
      ok: false,
      conflict: { index: 0, reason: 'different_record', t: 102, head: 102 },
    });
    expect(all(temp.store.readLog('usr_1', 'dev_a'))).toEqual([100, 101, 102]);
  });

  test('a record older than the head that is not stored is a conflict', async () => {
    await temp.store.append('usr_1', 'dev_a', makeRecords('dev_a', 100, 3, 10));
    const outcome = await temp.store.append('usr_1', 'dev_a', makeRecords('dev_a', 105, 1));
    expect(outcome).toEqual({
      ok: false,
      conflict: { index: 0, reason: 'older_than_head', t: 105, head: 120 },
    });
    expect(await temp.store.heads('usr_1')).toEqual({ dev_a: 120 });
  });

  test('an empty batch on an empty log answers head null', async () => {
    expect(await temp.store.append('usr_1', 'dev_a', [])).toEqual({
      ok: true,
      accepted: 0,
      duplicates: 0,
      head: null,
    });
    expect(await temp.store.heads('usr_1')).toEqual({});
  });

  test('refuses records of another device (a caller bug), storing nothing', async () => {
    await expect(temp.store.append('usr_1', 'dev_a', makeRecords('dev_b', 1, 1))).rejects.toThrow(
      /device dev_b/,
    );
    expect(await temp.store.heads('usr_1')).toEqual({});
  });
});

describe('group commit', () => {
  test('concurrent appends share transactions; a conflict fails only its own request', async () => {
    const base = makeRecords('dev_a', 1000, 1);
    await temp.store.append('usr_1', 'dev_a', base);
    const requests = [];
    for (let i = 0; i < 40; i++) {
      const device = `dev_${i % 4}`;
      requests.push(temp.store.append('usr_1', device, makeRecords(device, 2000 + i * 10, 5)));
    }
    // Same turn, same log as the first append, different content at a stored t: conflict.
    const conflicting = temp.store.append('usr_1', 'dev_a', [
      { ...(base[0] as (typeof base)[0]), body: { ping: 1, tags: ['other'] } },
    ] as typeof base);
    const outcomes = await Promise.all(requests);
    expect(outcomes.every((outcome) => outcome.ok && outcome.accepted === 5)).toBe(true);
    expect(await conflicting).toMatchObject({ ok: false, conflict: { index: 0 } });
    const logs = await temp.store.logs('usr_1');
    expect(logs.map((log) => [log.device, log.count])).toEqual([
      ['dev_0', 50],
      ['dev_1', 50],
      ['dev_2', 50],
      ['dev_3', 50],
      ['dev_a', 1],
    ]);
    expect((await temp.store.verify()).ok).toBe(true);
  });

  test('two concurrent appends of the same records: one accepts, the other sees duplicates', async () => {
    const records = makeRecords('dev_a', 100, 10);
    const [a, b] = await Promise.all([
      temp.store.append('usr_1', 'dev_a', records),
      temp.store.append('usr_1', 'dev_a', records),
    ]);
    expect([a, b]).toEqual([
      { ok: true, accepted: 10, duplicates: 0, head: 109 },
      { ok: true, accepted: 0, duplicates: 10, head: 109 },
    ]);
  });

  test('appends survive closing and reopening the environment', async () => {
    await temp.store.append('usr_1', 'dev_a', makeRecords('dev_a', 100, 3));
    await temp.store.close();
    const reopened = new LmdbLogStore({ path: temp.path });
    try {
      expect(await reopened.heads('usr_1')).toEqual({ dev_a: 102 });
      expect((await reopened.verify()).records).toBe(3);
    } finally {
      await reopened.close();
    }
  });
});

describe('reading', () => {
  test("one user's logs never include another's, even when one id prefixes the other", async () => {
    await temp.store.append('usr_a', 'dev_x', makeRecords('dev_x', 1, 2));
    await temp.store.append('usr_ab', 'dev_x', makeRecords('dev_x', 5, 2));
    await temp.store.append('usr_a', 'dev_x-2', makeRecords('dev_x-2', 3, 1));
    expect(await temp.store.heads('usr_a')).toEqual({ dev_x: 2, 'dev_x-2': 3 });
    expect(await temp.store.heads('usr_ab')).toEqual({ dev_x: 6 });
    expect(all(temp.store.readLog('usr_a', 'dev_x'))).toEqual([1, 2]);
  });

  test('readLog starts after the given t', async () => {
    await temp.store.append('usr_1', 'dev_a', makeRecords('dev_a', 100, 5));
    expect(all(temp.store.readLog('usr_1', 'dev_a', 102))).toEqual([103, 104]);
    expect(all(temp.store.readLog('usr_1', 'dev_a', 104))).toEqual([]);
  });

  test('pull merges logs by (t, device) with limit and a resumable cursor', async () => {
    await temp.store.append('usr_1', 'dev_b', makeRecords('dev_b', 10, 5, 2)); // 10 12 14 16 18
    await temp.store.append('usr_1', 'dev_a', makeRecords('dev_a', 11, 5, 2)); // 11 13 15 17 19
    await temp.store.append('usr_1', 'dev_c', makeRecords('dev_c', 12, 1)); // 12 (ties dev_b)
    const seen: string[] = [];
    let after = {};
    let pages = 0;
    for (;;) {
      const page = await pullRecords(temp.store, 'usr_1', { after, limit: 4 });
      seen.push(...page.records.map((record) => `${record.t}${record.device}`));
      after = page.cursor;
      pages += 1;
      if (!page.more) break;
    }
    expect(seen).toEqual([
      '10dev_b',
      '11dev_a',
      '12dev_b',
      '12dev_c',
      '13dev_a',
      '14dev_b',
      '15dev_a',
      '16dev_b',
      '17dev_a',
      '18dev_b',
      '19dev_a',
    ]);
    expect(pages).toBe(3);
    expect(after).toEqual({ dev_a: 19, dev_b: 18, dev_c: 12 });
  });
});

describe('verify', () => {
  test('passes on a healthy temp.store and names each broken invariant', async () => {
    await temp.store.append('usr_1', 'dev_a', makeRecords('dev_a', 100, 3));
    await temp.store.append('usr_1', 'dev_b', makeRecords('dev_b', 100, 2));
    expect(await temp.store.verify()).toEqual({ ok: true, logs: 2, records: 5, problems: [] });

    await temp.store.records.put(['usr_1', 'dev_a', 200], '{not json');
    await temp.store.records.put(
      ['usr_1', 'dev_b', 300],
      canonicalJson(makeRecords('dev_z', 300, 1)[0]),
    );
    await temp.store.index.put(['usr_9', 'dev_q'], { head: 1, count: 1 });
    await temp.store.records.put(
      ['usr_2', 'dev_c', 5],
      canonicalJson(makeRecords('dev_c', 5, 1)[0]),
    );
    const report = await temp.store.verify();
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/usr_1\/dev_a\/200 is not JSON/),
        expect.stringMatching(/usr_1\/dev_b\/300 holds device dev_z/),
        expect.stringMatching(
          /index head of \["usr_1","dev_a"\] is 102, the last record is at 200/,
        ),
        expect.stringMatching(/index count of \["usr_1","dev_b"\] is 2, the log holds 3/),
        expect.stringMatching(/index names log \["usr_9","dev_q"\] with no records/),
        expect.stringMatching(/log \["usr_2","dev_c"\] is missing from the index/),
      ]),
    );
  });
});
