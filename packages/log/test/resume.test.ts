// The view as a state machine: records delivered as the merge may deliver them (devices
// interleaved, one late, batches cut anywhere, prefixes resent), with the state saved through
// JSON and resumed at random points, must end where one fold of the merged log ends.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  changeEntries,
  foldLog,
  type LogRecord,
  LogView,
  type LogViewState,
  packViewState,
  type StateEntry,
  stateEntries,
  stateFromEntries,
  unpackViewState,
  viewStats,
} from '../src/index.js';
import { deviceLogs, mergeArrivalArb, PINGS, recordSetArb } from './arbitraries.js';
import { expectOracleView } from './oracle.js';

const ZONE = 'Europe/Paris';
const BASE = 1700000000000;

/**
 * The arbitraries' records, with their 60 ms of times stretched to 60 hours (ties between
 * devices kept), so errors and events fall on several days of the zone.
 */
const spreadRecords = (maxLength: number) =>
  recordSetArb(maxLength).map((records) =>
    records.map((r) => ({ ...r, t: BASE + (r.t - BASE) * 3_600_000 }) as LogRecord),
  );

function snapshot(view: LogView) {
  const schedule = view.schedule();
  const answers = view.answers();
  const [from, to] = [PINGS[1] as number, PINGS[3] as number];
  // The kept tag counts and the ranged read agree with the whole list of answers.
  expect(view.tagsInUse()).toEqual([...new Set(answers.flatMap((a) => a.tags))].sort());
  expect(view.answersBetween(from, to)).toEqual(
    answers.filter((a) => a.ping >= from && a.ping < to),
  );
  expect(view.answersBetween(from, Infinity, 1)).toEqual(
    answers.filter((a) => a.ping >= from).slice(0, 1),
  );
  return {
    answers,
    tags: view.tags(),
    config: { ...view.config() },
    diagnostics: view.diagnostics(),
    stats: viewStats(view, { timeZone: ZONE }),
    schedule: { kind: schedule.kind, gap: schedule.gap },
    size: view.size,
    heads: { ...view.heads() },
  };
}

/**
 * More records from a device never seen before, anywhere in time, with deletes of every ping:
 * what the view kept must then still decide as the full fold does (a second, late device).
 */
const laterDeviceArb = fc
  .tuple(
    spreadRecords(15),
    fc.uniqueArray(fc.tuple(fc.integer({ min: 0, max: 60 }), fc.constantFrom(...PINGS)), {
      selector: ([t]) => t,
      maxLength: 8,
    }),
  )
  .map(([records, deletes]) => {
    const byT = new Map<number, LogRecord>();
    for (const r of records) byT.set(r.t, { ...r, device: 'later' });
    for (const [hour, ping] of deletes) {
      const t = BASE + hour * 3_600_000 + 1;
      byT.set(t, { device: 'later', t, kind: 'command', body: { op: 'delete-ping', ping } });
    }
    return [...byT.values()];
  });

/** The view saved and resumed as GET /v1/view sends it: packed, through JSON. */
const throughJson = (view: LogView): LogView => {
  const state = view.state();
  const sent = JSON.parse(JSON.stringify(packViewState(state)));
  const unpacked = unpackViewState(sent);
  expect(unpacked).toEqual(JSON.parse(JSON.stringify(state)) as LogViewState);
  return LogView.from(unpacked, { timeZone: ZONE });
};

describe('the view resumes from its state', () => {
  it('equals one fold of the merged log for any arrival the merge allows, resumed anywhere', () => {
    fc.assert(
      fc.property(
        mergeArrivalArb(spreadRecords(50)),
        laterDeviceArb,
        ({ records, steps }, later) => {
          const expected = foldLog(records, { timeZone: ZONE });
          let resumed = new LogView({ timeZone: ZONE });
          const original = new LogView({ timeZone: ZONE });
          for (const { batch, resume } of steps) {
            if (resume) resumed = throughJson(resumed);
            resumed.apply(batch);
            original.apply(batch);
            // Reading in between exercises the cached answers, tag counts and rename memos.
            resumed.answers();
            resumed.tagsInUse();
            original.tags();
            original.tagsInUse();
          }
          expect(snapshot(resumed)).toEqual(snapshot(expected));
          expect(snapshot(original)).toEqual(snapshot(expected));
          // The state is canonical: the same records give the same state whatever their arrival.
          expect(resumed.state()).toEqual(expected.state());
          resumed = throughJson(resumed);
          for (const view of [resumed, original, expected]) view.apply(later);
          expect(snapshot(resumed)).toEqual(snapshot(expected));
          expect(snapshot(original)).toEqual(snapshot(expected));
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('folds the merged log as the naive reference walk does', () => {
    fc.assert(
      fc.property(mergeArrivalArb(recordSetArb(40)), ({ records, steps }) => {
        let view = new LogView();
        for (const { batch, resume } of steps) {
          if (resume) view = LogView.from(JSON.parse(JSON.stringify(view.state())));
          view.apply(batch);
        }
        expectOracleView(view, records);
      }),
      { numRuns: 1000 },
    );
  });

  it('changes nothing on a resend of any prefix of any device’s log', () => {
    fc.assert(
      fc.property(spreadRecords(40), fc.array(fc.tuple(fc.nat(), fc.nat())), (records, resends) => {
        const view = throughJson(foldLog(records, { timeZone: ZONE }));
        const before = JSON.stringify(view.state());
        const logs = deviceLogs(records);
        for (const [which, length] of resends) {
          const log = logs[which % Math.max(1, logs.length)] ?? [];
          const prefix = log.slice(0, length % (log.length + 1));
          expect(view.apply(JSON.parse(JSON.stringify(prefix)))).toBe(0);
        }
        expect(JSON.stringify(view.state())).toBe(before);
      }),
      { numRuns: 500 },
    );
  });

  it('does not grow with errors and events: 10,000 events of a day cost a few digits', () => {
    const view = new LogView();
    view.add({ device: 'w', t: BASE, kind: 'ping', body: { ping: 1700003368, tags: ['work'] } });
    const event = (i: number): LogRecord =>
      i % 2
        ? { device: 'w', t: BASE + 1 + i, kind: 'event', body: { name: 'alarm', data: { i } } }
        : { device: 'w', t: BASE + 1 + i, kind: 'error', body: { message: `timed out ${i}` } };
    view.apply(Array.from({ length: 10 }, (_, i) => event(i)));
    const small = JSON.stringify(view.state()).length;
    view.apply(Array.from({ length: 9_990 }, (_, i) => event(10 + i)));
    const state = view.state();
    expect(state.diagnostics).toEqual([
      { device: 'w', kind: 'error', day: '2023-11-14', count: 5_000 },
      { device: 'w', kind: 'event', day: '2023-11-14', count: 5_000 },
    ]);
    // Only the counts, the size and the head got longer numbers.
    expect(JSON.stringify(state).length).toBeLessThanOrEqual(small + 12);
  });

  it('keeps one delete and at most two answers per ping, however many answers came', () => {
    const view = new LogView();
    for (let i = 0; i < 1000; i++) {
      const auto = i % 3 === 0;
      view.add({
        device: i % 2 ? 'a' : 'b',
        t: BASE + i,
        kind: i % 100 === 99 ? 'command' : 'ping',
        body:
          i % 100 === 99
            ? { op: 'delete-ping', ping: 1700003368 }
            : { ping: 1700003368, tags: [`t${i}`], ...(auto && { auto: true as const }) },
      } as LogRecord);
    }
    const [slot] = view.state().pings;
    expect(slot?.deleted).toEqual({ device: 'a', t: BASE + 999 });
    expect(slot?.human).toBeUndefined();
    expect(view.state().pings).toHaveLength(1);
  });
});

describe('the state kept as entries, writing only what each batch changed', () => {
  /** A key–value store: the entries by key, as a store would keep them. */
  const write = (store: Map<string, StateEntry>, entries: StateEntry[]) => {
    for (const entry of entries)
      store.set(JSON.stringify(entry.key), JSON.parse(JSON.stringify(entry)));
  };

  it('reads back the state a fold of every record gives, resumed anywhere', () => {
    fc.assert(
      fc.property(mergeArrivalArb(spreadRecords(50)), ({ records, steps }) => {
        const store = new Map<string, StateEntry>();
        let view = new LogView({ timeZone: ZONE });
        for (const { batch, resume } of steps) {
          if (resume) {
            view = LogView.from(stateFromEntries(store.values()) ?? view.state());
            // A resumed view starts with nothing to write.
            const none = view.takeChanges();
            expect([none.pings, none.renames, none.tags, none.config, none.diagnostics]).toEqual([
              [],
              [],
              [],
              [],
              [],
            ]);
          }
          view.apply(batch);
          write(store, changeEntries(view.takeChanges()));
        }
        const expected = foldLog(records, { timeZone: ZONE }).state();
        expect(stateFromEntries(store.values())).toEqual(expected);
        // A batch of only resends changes nothing but the size entry.
        view.apply(records);
        expect(changeEntries(view.takeChanges())).toEqual([
          { key: ['meta'], value: { v: 1, timeZone: ZONE, size: expected.size } },
        ]);
      }),
      { numRuns: 800 },
    );
  });

  it('writes a whole state as entries, and knows no state without its meta entry', () => {
    const state = foldLog([
      { device: 'w', t: BASE, kind: 'error', body: { message: 'x' } },
      { device: 'w', t: BASE + 1, kind: 'ping', body: { ping: 1700003368, tags: ['work'] } },
      { device: 'w', t: BASE + 2, kind: 'tag', body: { tag: 'work', color: '#ff0000' } },
      { device: 'w', t: BASE + 3, kind: 'config', body: { key: 'schedule', value: 'universal' } },
      {
        device: 'w',
        t: BASE + 4,
        kind: 'command',
        body: { op: 'rename-tag', from: 'work', to: 'job' },
      },
    ] as LogRecord[]).state();
    const entries = stateEntries(state);
    expect(stateFromEntries(entries.reverse())).toEqual(state);
    expect(stateFromEntries(entries.filter((e) => e.key[0] !== 'meta'))).toBeUndefined();
    const other = entries.map((e) => (e.key[0] === 'meta' ? { ...e, value: { v: 2 } } : e));
    expect(stateFromEntries(other)).toBeUndefined();
  });
});

describe('LogView.from', () => {
  const records: LogRecord[] = [
    { device: 'w', t: BASE, kind: 'error', body: { message: 'x' } },
    { device: 'w', t: BASE + 1, kind: 'ping', body: { ping: 1700003368, tags: ['work'] } },
  ];

  it('refuses a state of another version, or another zone than its days were counted in', () => {
    const state = foldLog(records, { timeZone: ZONE }).state();
    expect(() => LogView.from({ ...state, v: 2 } as unknown as LogViewState)).toThrow(/version 1/);
    expect(() => LogView.from(null as unknown as LogViewState)).toThrow(TypeError);
    expect(() => LogView.from(state, { timeZone: 'UTC' })).toThrow(/Europe\/Paris/);
    expect(LogView.from(state).diagnostics()).toEqual(
      foldLog(records, { timeZone: ZONE }).diagnostics(),
    );
  });

  it('is not tied to the state it was given, nor the state to the view', () => {
    const view = foldLog(records);
    const state = view.state();
    const resumed = LogView.from(state);
    state.pings[0]?.human?.tags.push('changed');
    state.heads.w = 0;
    expect(resumed.answer(1700003368)?.tags).toEqual(['work']);
    expect(resumed.add(records[0] as LogRecord)).toBe('duplicate');
    expect(view.state()).toEqual(foldLog(records).state());
  });

  it('ignores a record below its device’s head, seen or not, as a resend', () => {
    const view = foldLog(records);
    const unseen: LogRecord = {
      device: 'w',
      t: BASE - 1,
      kind: 'ping',
      body: { ping: 1700003660, tags: ['late'] },
    };
    expect(view.add(unseen)).toBe('duplicate');
    expect(view.answer(1700003660)).toBeUndefined();
    expect(view.size).toBe(2);
  });
});
