// The support queries over a real LMDB store, against a brute-force reading of the same
// records: paging both ways, facet counts, histograms and neighbours must agree with it for
// any records, query and range.
import { canonicalJson, type LogRecord, type RecordKind } from '@tagtime/log';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { recordContext } from '../../src/admin/context.js';
import { facetCounts } from '../../src/admin/facets.js';
import { histogram } from '../../src/admin/histogram.js';
import type { ResolvedQuery } from '../../src/admin/log-query.js';
import { pageRecords } from '../../src/admin/page.js';
import type { Direction, Position } from '../../src/admin/position.js';
import { QUARTER_MS } from '../../src/store/bucket-counts.js';
import type { LmdbLogStore } from '../../src/store/lmdb-store.js';
import { tempStore } from '../helpers/temp-store.js';

const DEVICES = ['dev_a', 'dev_b', 'dev_c'];
const KINDS: RecordKind[] = ['ping', 'event', 'error'];
const T0 = Date.UTC(2026, 2, 1);
const HOUR = 3_600_000;

let temp: ReturnType<typeof tempStore>;
let store: LmdbLogStore;
const all: LogRecord[] = [];

function record(device: string, t: number, i: number): LogRecord {
  const kind = KINDS[(i * 7 + device.charCodeAt(4)) % 3] as RecordKind;
  if (kind === 'ping')
    return { device, t, kind, body: { ping: Math.floor(t / 1000), tags: ['w'] } };
  if (kind === 'event') return { device, t, kind, body: { name: i % 5 === 0 ? 'Sync' : 'start' } };
  return { device, t, kind: 'error', body: { message: i % 4 === 0 ? 'Timed out' : 'oops' } };
}

beforeAll(async () => {
  temp = tempStore();
  store = temp.store;
  // Three logs over three days: gaps of minutes to hours, shared times across devices.
  for (const device of DEVICES) {
    const records: LogRecord[] = [];
    let t = T0;
    for (let i = 0; i < 300; i++) {
      t += [1, 60_000, 7 * 60_000, HOUR, 1000][(i + device.length * i) % 5] as number;
      if (i % 17 === 0) t = Math.ceil(t / 60_000) * 60_000;
      records.push(record(device, t, i));
    }
    await store.append('usr_1', device, records);
    all.push(...records);
  }
  all.sort((a, b) => a.t - b.t || (a.device < b.device ? -1 : 1));
});
afterAll(async () => {
  await temp?.dispose();
});

const END = T0 + 20 * 24 * HOUR;

function matches(query: ResolvedQuery, r: LogRecord): boolean {
  const body = JSON.stringify(r.body).toLowerCase();
  return (
    query.devices.includes(r.device) &&
    (query.kinds === undefined || query.kinds.has(r.kind)) &&
    r.t >= query.from &&
    r.t <= query.to &&
    query.text.every((text) => body.includes(text)) &&
    !query.notText.some((text) => body.includes(text))
  );
}

interface QueryInput {
  devices: string[];
  kinds: RecordKind[] | undefined;
  text: string[];
  notText: string[];
  from: number;
  span: number;
}

const queryArb: fc.Arbitrary<QueryInput> = fc.record({
  devices: fc.subarray(DEVICES, { minLength: 1 }),
  kinds: fc.option(fc.subarray(KINDS), { nil: undefined }),
  text: fc.subarray(['timed', 'sync', 'w"]']),
  notText: fc.subarray(['oops']),
  from: fc.integer({ min: T0 - HOUR, max: T0 + 30 * HOUR }),
  span: fc.integer({ min: 0, max: 60 * HOUR }),
});

function resolved(q: QueryInput): ResolvedQuery {
  return {
    devices: q.devices,
    kinds: q.kinds === undefined ? undefined : new Set(q.kinds),
    text: q.text,
    notText: q.notText,
    from: q.from,
    to: q.from + q.span,
  };
}

function pageAll(query: ResolvedQuery, direction: Direction, limit: number, maxScanned: number) {
  const out: string[] = [];
  let from: Position | undefined;
  for (let i = 0; i < 5000; i++) {
    const page = pageRecords(store, 'usr_1', query, {
      direction,
      ...(from ? { from } : {}),
      limit,
      maxScanned,
    });
    out.push(...page.records.map((r) => r.json));
    from = page.cursor;
    if (!page.more) return out;
  }
  throw new Error('paging did not end');
}

describe('pages', () => {
  test('backward and forward paging yields exactly the matching records, in order', () => {
    fc.assert(
      fc.property(
        queryArb,
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 200 }),
        (q, limit, maxScanned) => {
          const query = resolved(q);
          const expected = all.filter((r) => matches(query, r)).map((r) => canonicalJson(r));
          expect(pageAll(query, 'forward', limit, maxScanned)).toEqual(expected);
          expect(pageAll(query, 'backward', limit, maxScanned)).toEqual([...expected].reverse());
        },
      ),
      { numRuns: 60 },
    );
  });

  test('a page from a position continues right beside it, in either direction', () => {
    const query = resolved({
      devices: DEVICES,
      kinds: undefined,
      text: [],
      notText: [],
      from: 0,
      span: END,
    });
    const middle = all[150] as LogRecord;
    const at = { t: middle.t, device: middle.device };
    const after = pageRecords(store, 'usr_1', query, {
      direction: 'forward',
      from: at,
      limit: 3,
      maxScanned: 100,
    });
    const before = pageRecords(store, 'usr_1', query, {
      direction: 'backward',
      from: at,
      limit: 3,
      maxScanned: 100,
    });
    expect(after.records.map((r) => r.json)).toEqual(
      all.slice(151, 154).map((r) => canonicalJson(r)),
    );
    expect(before.records.map((r) => r.json)).toEqual(
      all
        .slice(147, 150)
        .reverse()
        .map((r) => canonicalJson(r)),
    );
    // `<t>:~` sits after every record at t: backward from it includes them (a jump to a time).
    const jump = pageRecords(store, 'usr_1', query, {
      direction: 'backward',
      from: { t: middle.t, device: '~' },
      limit: 1,
      maxScanned: 100,
    });
    const last = all.filter((r) => r.t <= middle.t).at(-1) as LogRecord;
    expect(jump.records[0]?.json).toBe(canonicalJson(last));
  });

  test('an exhausted page keeps its cursor, so a later page finds records added since', async () => {
    const query = resolved({
      devices: ['dev_a'],
      kinds: undefined,
      text: [],
      notText: [],
      from: 0,
      span: END * 2,
    });
    const first = pageRecords(store, 'usr_1', query, {
      direction: 'forward',
      limit: 1000,
      maxScanned: 10_000,
    });
    expect(first.more).toBe(false);
    const next = pageRecords(store, 'usr_1', query, {
      direction: 'forward',
      from: first.cursor,
      limit: 10,
      maxScanned: 100,
    });
    expect(next.records).toEqual([]);
    expect(next.cursor).toEqual(first.cursor);
  });
});

describe('counts', () => {
  test('facets count each facet with the other filters kept, exactly', () => {
    fc.assert(
      fc.property(queryArb, (q) => {
        const query = resolved(q);
        const facets = facetCounts(store, 'usr_1', query, DEVICES);
        const inRange = all.filter((r) => r.t >= query.from && r.t <= query.to);
        const expected = {
          kinds: {} as Record<string, number>,
          devices: {} as Record<string, number>,
        };
        for (const r of inRange) {
          const body = JSON.stringify(r.body).toLowerCase();
          const text =
            query.text.every((t) => body.includes(t)) &&
            !query.notText.some((t) => body.includes(t));
          if (!text) continue;
          if (query.devices.includes(r.device))
            expected.kinds[r.kind] = (expected.kinds[r.kind] ?? 0) + 1;
          if (query.kinds === undefined || query.kinds.has(r.kind)) {
            expected.devices[r.device] = (expected.devices[r.device] ?? 0) + 1;
          }
        }
        for (const device of DEVICES) expected.devices[device] ??= 0;
        expect(facets.textApplied).toBe(true);
        expect(facets.kinds).toEqual(expected.kinds);
        expect(facets.devices).toEqual(expected.devices);
        expect(facets.total).toBe(all.filter((r) => matches(query, r)).length);
      }),
      { numRuns: 60 },
    );
  });

  test('histograms add up to the matching records, each in the bucket of its time', () => {
    fc.assert(
      fc.property(
        queryArb,
        fc.integer({ min: 1, max: 120 }),
        fc.constantFrom('UTC', 'Asia/Kolkata', 'America/New_York'),
        (q, target, timeZone) => {
          const query = resolved(q);
          const chart = histogram(store, 'usr_1', query, { target, timeZone });
          const expected = all.filter((r) => matches(query, r));
          expect(chart.total).toBe(expected.length);
          expect(chart.textApplied).toBe(true);
          const starts = chart.buckets.map((b) => b.start);
          for (const r of expected) {
            const i = starts.findLastIndex((start) => start <= r.t);
            expect(i).toBeGreaterThanOrEqual(0);
          }
          const counted = new Map<number, number>();
          for (const r of expected) {
            const i = starts.findLastIndex((start) => start <= r.t);
            counted.set(i, (counted.get(i) ?? 0) + 1);
          }
          chart.buckets.forEach((bucket, i) => {
            expect(Object.values(bucket.counts).reduce((a, b) => a + b, 0)).toBe(
              counted.get(i) ?? 0,
            );
          });
        },
      ),
      { numRuns: 60 },
    );
  });

  test('a wide range adds up the index: bars of a quarter hour or more, local days', () => {
    const query = resolved({
      devices: DEVICES,
      kinds: new Set(['error']) as never,
      text: [],
      notText: [],
      from: T0 - 5 * 24 * HOUR,
      span: 30 * 24 * HOUR,
    });
    const byDay = histogram(
      store,
      'usr_1',
      { ...query, kinds: new Set(['error']) },
      { target: 31, timeZone: 'Asia/Kolkata' },
    );
    expect(byDay.bucketMs).toBe(24 * HOUR);
    // Local midnight in Kolkata is 18:30 UTC.
    expect(new Date(byDay.buckets[0]?.start ?? 0).toISOString()).toMatch(/T18:30:00.000Z$/);
    expect(byDay.total).toBe(all.filter((r) => r.kind === 'error').length);
    const byDevice = histogram(store, 'usr_1', query, {
      target: 30,
      timeZone: 'UTC',
      group: 'device',
    });
    const perDevice: Record<string, number> = {};
    for (const bucket of byDevice.buckets) {
      for (const [device, n] of Object.entries(bucket.counts))
        perDevice[device] = (perDevice[device] ?? 0) + n;
    }
    expect(perDevice).toEqual({
      dev_a: 0,
      dev_b: 0,
      dev_c: 0,
      ...Object.fromEntries(
        DEVICES.map((d) => [d, all.filter((r) => r.device === d && r.kind === 'error').length]),
      ),
    });
    expect(byDevice.buckets.every((b) => b.start % QUARTER_MS === 0)).toBe(true);
  });
});

describe('neighbours', () => {
  test('a record with its own device before and after, and the other devices around it', () => {
    const middle = all[200] as LogRecord;
    const context = recordContext(store, 'usr_1', DEVICES, middle, 4);
    const own = all.filter((r) => r.device === middle.device);
    const index = own.findIndex((r) => r.t === middle.t);
    const json = (records: LogRecord[]) => records.map((r) => canonicalJson(r));
    expect(context?.record.json).toBe(canonicalJson(middle));
    expect(context?.device.before.map((r) => r.json)).toEqual(
      json(own.slice(index - 4, index).reverse()),
    );
    expect(context?.device.after.map((r) => r.json)).toEqual(json(own.slice(index + 1, index + 5)));
    const others = all.filter((r) => r.device !== middle.device);
    const cut = others.findIndex(
      (r) => r.t > middle.t || (r.t === middle.t && r.device > middle.device),
    );
    expect(context?.others.after.map((r) => r.json)).toEqual(json(others.slice(cut, cut + 4)));
    expect(context?.others.before.map((r) => r.json)).toEqual(
      json(others.slice(cut - 4, cut).reverse()),
    );
    expect(recordContext(store, 'usr_1', DEVICES, { device: 'dev_a', t: 1 }, 4)).toBeUndefined();
  });
});
