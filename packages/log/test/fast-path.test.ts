// The validator's fast path must refuse exactly what the zod schema refuses: these properties
// run both over random and adversarial inputs and require the same verdict, the same canonical
// JSON and the same error, so a rule added to schema.ts and missed in fast-path.ts fails here.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validRecordJson } from '../src/fast-path.js';
import {
  canonicalJson,
  encodedSize,
  LIMITS,
  type LogRecord,
  MAX_FUTURE_MS,
  validateBatch,
} from '../src/index.js';
import { validateRecord, validateRecordBySchema } from '../src/validate.js';
import { anyString, recordArb } from './arbitraries.js';

const NOW = 1_700_000_000_000;

/** Both paths, same verdict; a valid record's JSON is its canonical JSON. */
function expectSameVerdict(input: unknown, index?: number, now?: number): void {
  const options = now === undefined ? {} : { now };
  const fast = validateRecord(input, index, options);
  const reference = validateRecordBySchema(input, index, options);
  if (!reference.ok) {
    expect(fast).toEqual(reference);
    return;
  }
  expect(fast.ok).toBe(true);
  if (!fast.ok) return;
  expect(fast.json).toBe(reference.json);
  expect(fast.bytes).toBe(reference.bytes);
  expect(canonicalJson(fast.record)).toBe(reference.json);
  // What the fast path accepts on its own, the schema accepts with the same JSON.
  const json = validRecordJson(input, now);
  if (json !== undefined && fast.bytes <= LIMITS.recordBytes) expect(json).toBe(reference.json);
}

/** Values that break some rule somewhere, or sit right at a limit (made anew for each use). */
const edgeValues = (): unknown[] => [
  -0,
  0,
  -1,
  1.5,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.MAX_SAFE_INTEGER,
  Number.MAX_SAFE_INTEGER + 1,
  2 ** 60,
  1e21,
  '',
  ' ',
  'a b',
  'a\tb',
  'a\u00a0b',
  'a\u2028b',
  '\ufeff',
  'a\u3000',
  '\u0000',
  '\u0001ctrl',
  '\u007f',
  '"',
  '\\',
  'é',
  '\ud800',
  '\udc00x',
  '😀',
  'x'.repeat(64),
  'x'.repeat(65),
  '😀'.repeat(64),
  '😀'.repeat(65),
  `${'😀'.repeat(63)}xx`,
  'é'.repeat(65),
  'k'.repeat(8200),
  'é'.repeat(4090),
  null,
  undefined,
  true,
  false,
  [],
  ['work'],
  [1, 2],
  {},
  Object.create(null),
  new Date(0),
  new Map(),
  Object.assign(new Array(3), { 0: 1, 2: 2 }), // a hole at 1
  { toJSON: () => 1 },
  nested(32),
  nested(33),
  () => 1,
  Symbol('s'),
  10n,
  'rename-tag',
  'delete-ping',
  'ping',
  'command',
];

function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { v: value };
  return value;
}

const edgeValue = fc.nat(edgeValues().length - 1).map((i) => edgeValues()[i]);
const anyValue = fc.oneof(
  { weight: 3, arbitrary: edgeValue },
  { weight: 1, arbitrary: fc.anything() },
  { weight: 1, arbitrary: anyString(80) },
  { weight: 1, arbitrary: fc.integer({ min: -5, max: NOW * 2 }) },
);

type Path = string[];

/** Every path into a value (objects and arrays), the root included. */
function pathsOf(value: unknown, prefix: Path = []): Path[] {
  const out: Path[] = [prefix];
  if (typeof value === 'object' && value !== null) {
    for (const key of Object.keys(value)) {
      const child = (value as Record<string, unknown>)[key];
      out.push(...pathsOf(child, [...prefix, key]));
    }
  }
  return out;
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

type Mutation =
  | { op: 'set'; at: number; value: unknown }
  | { op: 'delete'; at: number }
  | { op: 'add'; at: number; key: string; value: unknown };

const unknownKey = fc.constantFrom('extra', 'kind', 'body', 'tags', 'note', 'x y', '0', 'op');

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('set' as const), at: fc.nat(), value: anyValue }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('add' as const), at: fc.nat(), key: unknownKey, value: anyValue }),
);

/** Applies mutations to a copy of the record, each at one of its paths (taken modulo). */
function mutate(record: LogRecord, mutations: readonly Mutation[]): unknown {
  let root: unknown = clone(record);
  for (const m of mutations) {
    const paths = pathsOf(root);
    const path = paths[m.at % paths.length] as Path;
    if (path.length === 0) {
      if (m.op === 'set') root = m.value;
      continue;
    }
    let parent = root as Record<string, unknown>;
    for (const key of path.slice(0, -1)) parent = parent[key] as Record<string, unknown>;
    const key = path.at(-1) as string;
    if (m.op === 'set') parent[key] = m.value;
    else if (m.op === 'delete') delete parent[key];
    else {
      const target = parent[key];
      if (typeof target === 'object' && target !== null) {
        (target as Record<string, unknown>)[m.key] = m.value;
      }
    }
  }
  return root;
}

const mutatedRecord = fc
  .tuple(recordArb, fc.array(mutation, { minLength: 1, maxLength: 3 }))
  .map(([record, mutations]) => mutate(record, mutations));

describe('the validator fast path', () => {
  it('takes every common record itself, with its canonical JSON', () => {
    fc.assert(
      fc.property(recordArb, (record) => {
        expect(validRecordJson(record, undefined)).toBe(canonicalJson(record));
        expect(validRecordJson(record, NOW)).toBe(canonicalJson(record));
        const result = validateRecord(record);
        expect(result).toEqual({
          ok: true,
          record,
          json: canonicalJson(record),
          bytes: encodedSize(record),
        });
        if (result.ok) expect(result.record).toBe(record);
      }),
      { numRuns: 2000 },
    );
  }, 60_000);

  it('gives the schema verdict on mutated records (fields replaced, removed, added)', () => {
    fc.assert(
      fc.property(mutatedRecord, fc.option(fc.nat(9)), (input, index) => {
        expectSameVerdict(input, index ?? undefined);
        expectSameVerdict(input, index ?? undefined, NOW);
      }),
      { numRuns: 8_000 },
    );
  }, 60_000);

  it('gives the schema verdict on the same records after a JSON round trip (what servers see)', () => {
    fc.assert(
      fc.property(mutatedRecord, (input) => {
        let text: string | undefined;
        try {
          text = JSON.stringify(input);
        } catch {
          return; // a BigInt somewhere: no JSON text to send
        }
        if (text !== undefined) expectSameVerdict(JSON.parse(text), 0, NOW);
      }),
      { numRuns: 5_000 },
    );
  }, 60_000);

  it('gives the schema verdict on anything at all', () => {
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true, withBoxedValues: true }), (input) => {
        expectSameVerdict(input, 1, NOW);
      }),
      { numRuns: 5_000 },
    );
  }, 60_000);

  it('gives the schema verdict at the edges: -0, the future bound, sizes, odd keys', () => {
    const base: LogRecord = {
      device: 'a',
      t: NOW,
      kind: 'ping',
      body: { ping: 1, tags: ['x'] },
    };
    const inputs: unknown[] = [
      { ...base, t: NOW + MAX_FUTURE_MS },
      { ...base, t: NOW + MAX_FUTURE_MS + 1 },
      { ...base, t: -0 },
      { ...base, body: { ping: -0, tags: [] } },
      JSON.parse('{"device":"a","t":-0,"kind":"event","body":{"name":"x"}}'),
      JSON.parse('{"device":"a","t":1,"kind":"event","body":{"name":"x","__proto__":1}}'),
      JSON.parse(
        '{"device":"a","t":1,"kind":"config","body":{"key":"k","value":{"__proto__":[1]}}}',
      ),
      JSON.parse('{"device":"a","t":1,"__proto__":{"x":1},"kind":"event","body":{"name":"x"}}'),
      { ...base, body: { ping: 1, tags: ['x'], note: undefined } },
      { ...base, body: { ping: 1, tags: ['x'], auto: false } },
      { ...base, body: { ping: 1, tags: ['x'], auto: true, note: 'é"\\\n' } },
      { device: 'a', t: 1, kind: 'config', body: { key: 'k'.repeat(64), value: null } },
      { device: 'a', t: 1, kind: 'config', body: { key: 'k'.repeat(65), value: null } },
      { device: 'a', t: 1, kind: 'config', body: { key: 'k', value: { b: 1, a: [-0, 'é'] } } },
      { device: 'a', t: 1, kind: 'config', body: { key: 'k', value: undefined } },
      { device: 'a', t: 1, kind: 'event', body: { name: 'x', data: nested(32) } },
      { device: 'a', t: 1, kind: 'event', body: { name: 'x', data: nested(33) } },
      { device: 'a', t: 1, kind: 'error', body: { message: '', context: { a: undefined } } },
      { device: 'a', t: 1, kind: 'command', body: { op: 'rename-tag', from: 'a', to: 'b c' } },
      { device: 'a', t: 1, kind: 'command', body: { op: 'delete-ping', ping: 2, from: 'a' } },
      { device: 'a'.repeat(64), t: 1, kind: 'tag', body: { tag: 'x', color: '#fff' } },
      { device: 'a'.repeat(65), t: 1, kind: 'tag', body: { tag: 'x' } },
      { device: 'a.b', t: 1, kind: 'tag', body: { tag: 'x' } },
      Object.assign(Object.create(null), base),
      Object.assign(Object.create({ inherited: 1 }), base),
    ];
    // Records right at the size limit, in ASCII and in two-byte characters.
    for (let pad = 8050; pad <= 8200; pad += 1) {
      inputs.push({ device: 'a', t: 1, kind: 'error', body: { message: 'm'.repeat(pad) } });
    }
    for (let pad = 4020; pad <= 4100; pad += 1) {
      inputs.push({ device: 'a', t: 1, kind: 'error', body: { message: 'é'.repeat(pad) } });
    }
    for (const input of inputs) {
      expectSameVerdict(input, 3);
      expectSameVerdict(input, 3, NOW);
    }
  }, 60_000);
});

describe('validateBatch with the fast path', () => {
  it('finds the first t that does not increase within its device, as a map of heads would', () => {
    const entry = fc.record({
      device: fc.constantFrom('a', 'b', 'c'),
      t: fc.integer({ min: 0, max: 8 }),
    });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 12 }), (ids) => {
        const records = ids.map(({ device, t }) => ({
          device,
          t,
          kind: 'event' as const,
          body: { name: 'x' },
        }));
        const heads = new Map<string, number>();
        let expected: number | undefined;
        for (let i = 0; i < records.length && expected === undefined; i++) {
          const { device, t } = records[i] as LogRecord;
          const head = heads.get(device);
          if (head !== undefined && t <= head) expected = i;
          heads.set(device, t);
        }
        const result = validateBatch({ records });
        if (expected === undefined) {
          expect(result).toEqual({ ok: true, records, json: records.map((r) => canonicalJson(r)) });
        } else {
          expect(result).toMatchObject({
            ok: false,
            error: { code: 'not_increasing', index: expected },
          });
        }
      }),
      { numRuns: 3000 },
    );
  }, 60_000);
});
