// repairStore on damage of every kind at once, in several logs: each bad record is moved to its
// key, dropped as a stray copy, or set aside with its reason; nothing else is touched.
import { canonicalJson, type LogRecord } from '@tagtime/log';
import type { Key } from 'lmdb';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { QUARANTINE_DB, repairStore } from '../../src/store/verify.js';
import { makeRecords } from '../helpers/fixtures.js';
import { tempStore } from '../helpers/temp-store.js';

let temp: ReturnType<typeof tempStore>;
beforeEach(() => {
  temp = tempStore();
});
afterEach(async () => {
  await temp.dispose();
});

const event = (device: string, t: number, name = 'x'): LogRecord => ({
  device,
  t,
  kind: 'event',
  body: { name },
});

test('moves, drops or sets aside each bad record, and rebuilds the index', async () => {
  const { store } = temp;
  const now = 1_800_000_000_000;
  // Three logs hit by `t: -0` (stored under a non-numeric key) in different ways.
  await store.append('usr_a', 'dev_moved', [event('dev_moved', -0)]);
  await store.append('usr_a', 'dev_dup', [event('dev_dup', -0)]);
  await store.records.put(['usr_a', 'dev_dup', 0], canonicalJson(event('dev_dup', 0)));
  await store.append('usr_b', 'dev_clash', [event('dev_clash', -0)]);
  await store.records.put(['usr_b', 'dev_clash', 0], canonicalJson(event('dev_clash', 0, 'y')));
  // One from the far future, one unreadable, and good records around them.
  await store.append('usr_b', 'dev_far', [
    ...makeRecords('dev_far', 10, 3),
    event('dev_far', now * 2),
  ]);
  await store.records.put(['usr_c', 'dev_bad', 5], '{"half":');
  await store.append('usr_c', 'dev_good', makeRecords('dev_good', 100, 5));
  expect((await store.verify()).ok).toBe(false);

  const report = await repairStore(store.env, now);
  expect(report).toMatchObject({ moved: 1, removed: 1, quarantined: 3 });
  expect(report.after).toEqual({ ok: true, logs: 5, records: 11, problems: [] });
  expect(await store.heads('usr_a')).toEqual({ dev_moved: 0, dev_dup: 0 });
  expect(await store.heads('usr_b')).toEqual({ dev_clash: 0, dev_far: 12 });
  expect(await store.heads('usr_c')).toEqual({ dev_good: 104 });

  const quarantine = store.env.openDB<{ reason: string; json: string }, Key>({
    name: QUARANTINE_DB,
    encoding: 'msgpack',
  });
  const kept = [...quarantine.getRange({})].map(({ value }) => value);
  expect(kept.map((entry) => entry.reason)).toEqual([
    expect.stringMatching(/a different record is stored at its own key/),
    expect.stringMatching(/more than 24 hours after now/),
    expect.stringMatching(/is not JSON/),
  ]);
  // Nothing was thrown away: the set-aside records are kept whole.
  expect(kept[0]?.json).toBe(canonicalJson(event('dev_clash', 0)));

  // A second run finds nothing to do.
  expect(await repairStore(store.env, now)).toMatchObject({
    moved: 0,
    removed: 0,
    quarantined: 0,
    indexFixed: 0,
  });
});
