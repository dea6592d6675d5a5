import 'fake-indexeddb/auto';
import { foldLog, type LogRecord, LogView } from '@tagtime/log';
import { afterEach, describe, expect, it } from 'vitest';
import { asStoreError, WebStoreError } from '../src/errors.js';
import { IdbStore } from '../src/idb-store.js';

const ping = (t: number): LogRecord => ({
  device: 'web',
  t,
  kind: 'ping',
  body: { ping: 1700003368, tags: ['a'] },
});

const opened: IdbStore[] = [];
afterEach(() => {
  for (const store of opened.splice(0)) store.close();
});

describe('IdbStore across tabs and failures', () => {
  it('two tabs appending the same times: one batch is stored whole, the other not at all', async () => {
    const [a, b] = [await IdbStore.open('tabs'), await IdbStore.open('tabs')] as IdbStore[];
    opened.push(a as IdbStore, b as IdbStore);
    const results = await Promise.allSettled([
      (a as IdbStore).appendOwn([ping(1), ping(2)]),
      (b as IdbStore).appendOwn([ping(2), ping(3)]),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const stored = (await (a as IdbStore).ownRecords()).map((r) => r.t);
    expect([
      [1, 2],
      [2, 3],
    ]).toContainEqual(stored);
    expect((await (b as IdbStore).viewState()).size).toBe(2);
  });

  it('says a full disk and a refused storage in words', () => {
    const full = asStoreError(new DOMException('quota', 'QuotaExceededError'), 'the answer');
    expect(full).toBeInstanceOf(WebStoreError);
    expect((full as WebStoreError).problem).toBe('full');
    expect((full as WebStoreError).message).toMatch(/no room left.*the answer was not stored/);
    const closed = asStoreError(new DOMException('x', 'InvalidStateError'), 'the answer');
    expect((closed as WebStoreError).problem).toBe('unavailable');
    const other = new TypeError('bug');
    expect(asStoreError(other, 'x')).toBe(other);
  });

  it('keeps settings beside the log, across reopening', async () => {
    const store = await IdbStore.open('settings');
    opened.push(store);
    await store.putSetting('device', { id: 'dev_1', token: 'ttd_x' });
    const again = await IdbStore.open('settings');
    opened.push(again);
    expect(await again.getSetting('device')).toEqual({ id: 'dev_1', token: 'ttd_x' });
    expect(await again.getSetting('missing')).toBeUndefined();
  });
});

describe('IdbStore reads for the pinger', () => {
  it('answers of a range and the schedule, from the kept view', async () => {
    const store = await IdbStore.open('reads');
    opened.push(store);
    expect((await store.schedule()).nextPing(1700000000)).toBe(1700003368);
    await store.appendOwn([
      ping(1),
      { device: 'web', t: 2, kind: 'config', body: { key: 'schedule', value: 'ttw' } },
      { device: 'web', t: 3, kind: 'command', body: { op: 'rename-tag', from: 'a', to: 'b' } },
    ]);
    expect((await store.schedule()).nextPing(1700000000)).toBe(1700001561);
    await store.putReplica(
      [{ device: 'watch', t: 9, kind: 'ping', body: { ping: 1700003660, tags: ['x'] } }],
      { watch: 9 },
    );
    const shown = await store.answers(1700003368, 1700003661);
    expect(shown.map((a) => [a.ping, a.tags, a.device])).toEqual([
      [1700003368, ['b'], 'web'],
      [1700003660, ['x'], 'watch'],
    ]);
    expect(await store.answers(1700003369, 1700003660)).toEqual([]);
  });
});

describe('IdbStore folds big pages by one range read', () => {
  it('keeps the view a fresh fold gives when a page answers pings kept before', async () => {
    const store = await IdbStore.open('big-pages');
    opened.push(store);
    const answers = (device: string, from: number, n: number, tag: string): LogRecord[] =>
      Array.from({ length: n }, (_, i) => ({
        device,
        t: from + i,
        kind: 'ping',
        body: { ping: 1700000000 + i * 2, tags: [tag] },
      }));
    // Past the range-read threshold; the second page answers half the first's pings again,
    // automatically (the person's earlier answers still win), and as many new ones.
    const watch = answers('watch', 1000, 200, 'a');
    const phone = answers('phone', 5000, 200, 'b').map((r, i) => ({
      ...r,
      body: { ...r.body, ping: 1700000000 + (i + 100) * 2, auto: true },
    })) as LogRecord[];
    await store.putReplica(watch, { watch: 1199 });
    await store.putReplica(phone, { watch: 1199, phone: 5199 });
    const fresh = foldLog([...watch, ...phone]);
    expect(LogView.from(await store.viewState()).answers()).toEqual(fresh.answers());
    expect((await store.answers(1700000000, 1700000400)).map((a) => a.tags[0])).toEqual([
      ...Array(200).fill('a'),
    ]);
    expect((await store.answers(1700000400, 1700000600)).map((a) => a.tags[0])).toEqual([
      ...Array(100).fill('b'),
    ]);
  });
});
