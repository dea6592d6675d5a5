// What commands read of the LMDB store's kept view — an answer, answers of a range either way,
// the schedule, statistics — is what @tagtime/log's LogView shows for the same records, however
// they arrived; and a store of an older layout is refolded once.
// (That the kept state itself equals a fresh fold is the store contract's "kept equals fresh".)
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Answer, foldLog, type LogRecord, type RecordDraft, viewStats } from '@tagtime/log';
import fc from 'fast-check';
import { open } from 'lmdb';
import { afterAll, describe, expect, it } from 'vitest';
import { LmdbStore } from '../src/store/lmdb-store.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function storePath(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tagtime-view-'));
  dirs.push(dir);
  return join(dir, 'store');
}

const PINGS = [1700003368, 1700003660, 1700009822, 1700013932];
const TAGS = ['work', 'code', 'eat', 'wrk', 'sleep'];
const OWN = 'laptop';

const draftArb: fc.Arbitrary<RecordDraft> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('ping' as const),
      body: fc.record(
        {
          ping: fc.constantFrom(...PINGS),
          tags: fc.uniqueArray(fc.constantFrom(...TAGS), { maxLength: 3 }),
          note: fc.constantFrom('n', '[x]'),
          auto: fc.constant(true as const),
        },
        { requiredKeys: ['ping', 'tags'] },
      ),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('command' as const),
      body: fc.record({ op: fc.constant('delete-ping' as const), ping: fc.constantFrom(...PINGS) }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom(...TAGS), fc.constantFrom(...TAGS))
      .filter(([from, to]) => from !== to)
      .map(([from, to]) => ({
        kind: 'command' as const,
        body: { op: 'rename-tag' as const, from, to },
      })),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('config' as const),
      body: fc.record({
        key: fc.constantFrom('schedule', 'x'),
        value: fc.constantFrom('ttw', 'universal', 3),
      }),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'event' as const, body: { name: 'started' } }) },
);

/** A user's records: per device, drafts stamped with strictly increasing times. */
const logArb = fc
  .array(
    fc.tuple(fc.constantFrom(OWN, 'phone', 'watch'), fc.integer({ min: 1, max: 3 }), draftArb),
    { maxLength: 40 },
  )
  .map((entries) => {
    const clock = new Map<string, number>();
    return entries.map(([device, step, draft]): LogRecord => {
      const t = (clock.get(device) ?? 1_700_000_000_000) + step;
      clock.set(device, t);
      return { device, t, ...draft } as LogRecord;
    });
  });

/** Stores `records` as a device would: own appends and replica pages (some resent) in turns. */
async function store(path: string, records: readonly LogRecord[], cuts: number[]) {
  const s = await LmdbStore.open(path);
  const own = records.filter((r) => r.device === OWN);
  // Replicated records come in pages, some of them twice, each log in its order (as the server
  // serves them) but one log possibly after the other's later records.
  const late = cuts[0] === 1 ? 'watch' : 'phone';
  const replica = records
    .filter((r) => r.device !== OWN)
    .sort((a, b) => Number(a.device === late) - Number(b.device === late));
  let o = 0;
  let p = 0;
  for (let i = 0; o < own.length || p < replica.length; i++) {
    const n = cuts[i % cuts.length] as number;
    if (i % 2 === 0 && o < own.length) {
      await s.appendOwn(own.slice(o, o + n));
      o += n;
    } else if (p < replica.length) {
      await s.putReplica(replica.slice(Math.max(0, p - 1), p + n), {});
      p += n;
    }
  }
  return s;
}

const plain = (answers: Iterable<Answer>) => [...answers].map((a) => ({ ...a, tags: [...a.tags] }));

function expectSameReads(store: LmdbStore, records: readonly LogRecord[], pings = PINGS): void {
  const view = foldLog(records);
  const all = view.answers();
  expect(plain(store.answers())).toEqual(plain(all));
  expect(plain(store.answers({ reverse: true }))).toEqual(plain([...all].reverse()));
  const [from, to] = [pings[1] as number, pings.at(-1) as number];
  const inRange = all.filter((a) => a.ping >= from && a.ping < to);
  expect(plain(store.answers({ from, to }))).toEqual(plain(inRange));
  expect(plain(store.answers({ from, to, reverse: true }))).toEqual(plain(inRange.reverse()));
  for (const ping of pings) {
    const [kept, fresh] = [store.answer(ping), view.answer(ping)];
    expect(kept && plain([kept])).toEqual(fresh && plain([fresh]));
  }
  expect(store.stats()).toEqual(viewStats(view));
  expect(store.stats({ from, to, timeZone: 'Europe/Berlin' })).toEqual(
    viewStats(view, { from, to, timeZone: 'Europe/Berlin' }),
  );
  expect(store.schedule().nextPing(1700000000)).toBe(view.schedule().nextPing(1700000000));
}

describe('the LMDB store’s reads of its kept view', () => {
  it('show what LogView shows for any log, arrival order and batching, also reopened', async () => {
    await fc.assert(
      fc.asyncProperty(
        logArb,
        fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 8 }),
        async (records, cuts) => {
          const path = await storePath();
          const s = await store(path, records, cuts);
          expectSameReads(s, records);
          await s.close();
          const again = await LmdbStore.open(path);
          expectSameReads(again, records);
          await again.close();
        },
      ),
      { numRuns: 60 },
    );
  });

  it('read ranges of many pings in parts, each part as LogView shows it', async () => {
    // More pings than one resumed view holds, with renames and deletes among them.
    const pings = Array.from({ length: 2500 }, (_, i) => 1_700_000_000 + i * 60);
    const records: LogRecord[] = pings.map((ping, i) => ({
      device: i % 3 ? OWN : 'phone',
      t: 1_800_000_000_000 + i,
      kind: 'ping',
      body: { ping, tags: [TAGS[i % TAGS.length] as string] },
    }));
    records.push(
      {
        device: 'phone',
        t: 1_800_000_001_000,
        kind: 'command',
        body: { op: 'rename-tag', from: 'work', to: 'job' },
      },
      {
        device: 'phone',
        t: 1_800_000_001_001,
        kind: 'command',
        body: { op: 'delete-ping', ping: pings[1200] as number },
      },
    );
    const s = await store(await storePath(), records, [700, 1300]);
    expectSameReads(s, records, [pings[0], pings[999], pings[1200], pings[2001]] as number[]);
    await s.close();
  });

  it('shows the answer a delete leaves, even one that lost before it', async () => {
    const s = await LmdbStore.open(await storePath());
    const ping = PINGS[0] as number;
    // A person's answer beats the device's later one, until a delete between them hides it.
    const human: LogRecord = { device: OWN, t: 1, kind: 'ping', body: { ping, tags: ['work'] } };
    const auto: LogRecord = {
      device: OWN,
      t: 3,
      kind: 'ping',
      body: { ping, tags: ['afk'], auto: true },
    };
    const remove: LogRecord = {
      device: 'phone',
      t: 2,
      kind: 'command',
      body: { op: 'delete-ping', ping },
    };
    await s.appendOwn([human, auto]);
    expect(s.answer(ping)?.tags).toEqual(['work']);
    await s.putReplica([remove], { phone: 2 });
    expect(s.answer(ping)?.tags).toEqual(['afk']);
    expectSameReads(s, [human, auto, remove]);
    await s.close();
  });

  it('shows the same view after relabelling the own log', async () => {
    const s = await LmdbStore.open(await storePath());
    const local: LogRecord[] = [
      { device: 'local', t: 5, kind: 'ping', body: { ping: PINGS[0] as number, tags: ['work'] } },
      {
        device: 'local',
        t: 9,
        kind: 'command',
        body: { op: 'rename-tag', from: 'work', to: 'job' },
      },
    ];
    const phone: LogRecord = {
      device: 'phone',
      t: 7,
      kind: 'ping',
      body: { ping: PINGS[1] as number, tags: ['work'] },
    };
    await s.appendOwn(local);
    await s.putReplica([phone], { phone: 7 });
    expect(await s.relabelOwn(OWN)).toBe(2);
    const relabelled = [...local.map((r) => ({ ...r, device: OWN }) as LogRecord), phone];
    expectSameReads(s, relabelled);
    expect(await s.viewState()).toEqual(foldLog(relabelled).state());
    expect(s.answer(PINGS[0] as number)?.device).toBe(OWN);
    await s.close();
  });
});

describe('the LMDB store’s error and event counts', () => {
  it('count each day’s records once, whichever batches span the days', async () => {
    const s = await LmdbStore.open(await storePath());
    // Every 5 hours over two weeks, from two devices, both kinds, in batches of 1 to 9 records.
    const records: LogRecord[] = Array.from({ length: 70 }, (_, i) => ({
      device: i % 3 ? 'phone' : 'watch',
      t: Date.UTC(2023, 10, 1, 23) + i * 5 * 3_600_000 + (i % 3),
      kind: i % 2 ? 'error' : 'event',
      body: i % 2 ? { message: 'm' } : { name: 'e' },
    })) as LogRecord[];
    for (let i = 0, n = 1; i < records.length; i += n, n = (n % 9) + 1) {
      await s.putReplica(records.slice(i, i + n), {});
    }
    expect(await s.viewState()).toEqual(foldLog(records).state());
    await s.close();
  });
});

describe('a store of an older layout', () => {
  it('is refolded once when opened, its old tables dropped, with progress told', async () => {
    const path = await storePath();
    const own: LogRecord[] = [
      { device: OWN, t: 1, kind: 'ping', body: { ping: PINGS[0] as number, tags: ['work'] } },
      { device: OWN, t: 2, kind: 'config', body: { key: 'schedule', value: 'universal' } },
    ];
    const replica: LogRecord = {
      device: 'phone',
      t: 3,
      kind: 'command',
      body: { op: 'rename-tag', from: 'work', to: 'job' },
    };
    // What layout 2 wrote: the records, its own view tables and its version.
    const env = open({ path, maxDbs: 10, noSubdir: false });
    await env.transaction(() => {
      for (const r of own) env.openDB({ name: 'own' }).putSync(r.t, r);
      env.openDB({ name: 'replica' }).putSync([replica.t, replica.device], replica);
      env.openDB({ name: 'slots' }).putSync(PINGS[0] as number, { w: [1, OWN, 0] });
      env.openDB({ name: 'totals' }).putSync('work', 1);
      const meta = env.openDB({ name: 'meta' });
      meta.putSync('view:version', 2);
      meta.putSync('view:answered', 1);
      meta.putSync('acked', 1);
    });
    await env.close();

    const progress: Array<[number, number]> = [];
    const s = await LmdbStore.open(path, {
      onRefold: (done, total) => progress.push([done, total]),
    });
    expect(progress).toEqual([[3, 3]]);
    expect(await s.viewState()).toEqual(foldLog([...own, replica]).state());
    expect(s.answer(PINGS[0] as number)?.tags).toEqual(['job']);
    expect(await s.acked()).toBe(1);
    await s.close();

    const raw = open({ path, maxDbs: 10, noSubdir: false });
    expect([...raw.getKeys()].sort()).toEqual(['meta', 'own', 'replica', 'view']);
    expect(raw.openDB({ name: 'meta' }).get('view:answered')).toBeUndefined();
    await raw.close();
    // Once: opening again finds the view current.
    const again = await LmdbStore.open(path, { onRefold: () => progress.push([-1, -1]) });
    expect(progress).toHaveLength(1);
    await again.close();
  });
});
