// The LMDB store's folded view against @tagtime/log's LogView (the reference): the same answers,
// tag totals and config for any log, whichever records are own or replicated and in whatever
// batches and order they arrive, and again after reopening.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Answer,
  foldLog,
  type LogRecord,
  type RecordDraft,
  tagStatistics,
} from '@tagtime/log';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { LmdbStore } from '../src/store/lmdb-store.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function freshStore(): Promise<{ store: LmdbStore; path: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'tagtime-view-'));
  dirs.push(dir);
  const path = join(dir, 'store');
  return { store: await LmdbStore.open(path), path };
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
    {
      maxLength: 40,
    },
  )
  .map((entries) => {
    const clock = new Map<string, number>();
    return entries.map(([device, step, draft]): LogRecord => {
      const t = (clock.get(device) ?? 1_700_000_000_000) + step;
      clock.set(device, t);
      return { device, t, ...draft } as LogRecord;
    });
  });

const plain = (a: Answer) => ({ ...a, tags: [...a.tags] });

async function expectSameView(store: LmdbStore, records: readonly LogRecord[]): Promise<void> {
  const view = foldLog(records);
  expect([...store.answers()].map(plain)).toEqual(view.answers().map(plain));
  expect([...store.answers({ reverse: true })].map(plain)).toEqual(
    view.answers().reverse().map(plain),
  );
  const [from, to] = [PINGS[1] as number, PINGS[3] as number];
  expect([...store.answers({ from, to })].map(plain)).toEqual(
    view
      .answers()
      .filter((a) => a.ping >= from && a.ping < to)
      .map(plain),
  );
  for (const ping of PINGS) {
    const expected = view.answer(ping);
    expect(store.answer(ping) && plain(store.answer(ping) as Answer)).toEqual(
      expected && plain(expected),
    );
  }
  const stats = tagStatistics(view.answers());
  const totals = store.tagTotals();
  expect(totals.pings).toBe(stats.pings);
  expect(Object.fromEntries(totals.tags)).toEqual(
    Object.fromEntries(stats.tags.map((t) => [t.tag, t.count])),
  );
  expect(store.configValue('schedule')).toEqual(view.configValue('schedule'));
  expect(store.configValue('x')).toEqual(view.configValue('x'));
  expect(store.schedule().nextPing(1700000000)).toBe(view.schedule().nextPing(1700000000));
}

describe('the LMDB store’s folded view', () => {
  it('equals LogView’s for any log, arrival order and batching, and after reopening', async () => {
    await fc.assert(
      fc.asyncProperty(
        logArb,
        fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 8 }),
        fc.context(),
        async (records, cuts, ctx) => {
          const { store, path } = await freshStore();
          const own = records.filter((r) => r.device === OWN);
          const replica = records.filter((r) => r.device !== OWN);
          // Replicated records come in any order of devices, in pages, some of them twice.
          const shuffled = [...replica].sort(
            (a, b) => ((a.t * 7 + a.device.length) % 5) - ((b.t * 7 + b.device.length) % 5),
          );
          let o = 0;
          let p = 0;
          for (let i = 0; o < own.length || p < shuffled.length; i++) {
            const n = cuts[i % cuts.length] as number;
            if (i % 2 === 0 && o < own.length) {
              await store.appendOwn(own.slice(o, o + n));
              o += n;
            } else if (p < shuffled.length) {
              const page = shuffled.slice(Math.max(0, p - 1), p + n);
              await store.putReplica(page, {});
              p += n;
            }
          }
          ctx.log(`${own.length} own, ${replica.length} replicated`);
          await expectSameView(store, records);
          await store.close();
          const again = await LmdbStore.open(path);
          await expectSameView(again, records);
          await again.close();
        },
      ),
      { numRuns: 60 },
    );
  });

  it('shows the answer a delete leaves, even one that lost before it', async () => {
    const { store } = await freshStore();
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
    await store.appendOwn([human, auto]);
    expect(store.answer(ping)?.tags).toEqual(['work']);
    await store.putReplica([remove], { phone: 2 });
    expect(store.answer(ping)?.tags).toEqual(['afk']);
    await expectSameView(store, [human, auto, remove]);
    await store.close();
  });

  it('shows the same view after relabelling the own log', async () => {
    const { store } = await freshStore();
    const local: LogRecord[] = [
      { device: 'local', t: 5, kind: 'ping', body: { ping: PINGS[0] as number, tags: ['work'] } },
      {
        device: 'local',
        t: 9,
        kind: 'command',
        body: { op: 'rename-tag', from: 'work', to: 'job' },
      },
    ];
    await store.appendOwn(local);
    await store.putReplica(
      [{ device: 'phone', t: 7, kind: 'ping', body: { ping: PINGS[1] as number, tags: ['work'] } }],
      { phone: 7 },
    );
    expect(await store.relabelOwn(OWN)).toBe(2);
    await expectSameView(store, [
      ...local.map((r) => ({ ...r, device: OWN })),
      { device: 'phone', t: 7, kind: 'ping', body: { ping: PINGS[1] as number, tags: ['work'] } },
    ]);
    expect(store.answer(PINGS[0] as number)?.device).toBe(OWN);
    await store.close();
  });
});
