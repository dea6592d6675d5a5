// The zod-free guards of answers.ts against the protocol's schemas they stand in for: a guard
// never accepts what its schema refuses (and then gives what the schema gives), and accepts the
// answers a real server sends, so the schema (and zod) is loaded only for a malformed answer.
import {
  appendResultSchema,
  DEVICE_KINDS,
  deviceInfoSchema,
  devicesListSchema,
  headsSchema,
  STREAM_EVENT_NAME as PROTOCOL_EVENT_NAME,
  pairResultSchema,
  parseStreamEvent,
  recordsPageSchema,
} from '@tagtime/log/protocol';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  appendResultOf,
  deviceInfoOf,
  devicesListOf,
  headsOf,
  pageEnvelopeOf,
  pairResultOf,
  STREAM_EVENT_NAME,
  streamEventOf,
} from '../src/answers.js';

const deviceId = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/);
const time = fc.oneof(fc.nat(), fc.constant(Number.MAX_SAFE_INTEGER));
/** Values a field may wrongly hold: other types, edge numbers, odd strings. */
const wrong = fc.oneof(
  fc.constantFrom(-1, -0, 0.5, 2 ** 53, Number.MAX_SAFE_INTEGER + 2, '', 'a b', null, true, [], {}),
  fc.string({ maxLength: 3 }),
  fc.integer(),
);
/** An object like `valid`, with fields removed, replaced by wrong values, or added. */
const mutated = <T extends object>(valid: fc.Arbitrary<T>) =>
  fc
    .tuple(valid, fc.array(fc.tuple(fc.nat(9), fc.constantFrom('drop', 'set', 'add'), wrong)))
    .map(([value, edits]) => {
      const out = { ...value } as Record<string, unknown>;
      for (const [at, edit, bad] of edits) {
        const keys = Object.keys(out);
        const key = keys[at % Math.max(1, keys.length)] ?? 'x';
        if (edit === 'drop') delete out[key];
        else if (edit === 'set') out[key] = bad;
        else out[`extra${at}`] = bad;
      }
      return out;
    });

const deviceInfo = fc.record({
  id: deviceId,
  name: fc.string({ minLength: 1, maxLength: 100 }),
  kind: fc.constantFrom(...DEVICE_KINDS),
  revoked: fc.boolean(),
  self: fc.boolean(),
});

const cases = [
  {
    name: 'append result',
    guard: appendResultOf,
    schema: appendResultSchema,
    valid: fc.record({ accepted: fc.nat(), duplicates: fc.nat(), head: fc.option(time) }),
  },
  {
    name: 'pair result',
    guard: pairResultOf,
    schema: pairResultSchema,
    valid: fc.record({ device: deviceId, token: fc.string({ minLength: 1 }) }),
  },
  {
    name: 'heads',
    guard: headsOf,
    schema: headsSchema,
    // `__proto__` as a device id is left to the schema (the guard declines it).
    valid: fc.record({
      heads: fc.dictionary(
        fc.string().filter((device) => device !== '__proto__'),
        time,
      ),
    }),
  },
  { name: 'device', guard: deviceInfoOf, schema: deviceInfoSchema, valid: deviceInfo },
  {
    name: 'device list',
    guard: devicesListOf,
    schema: devicesListSchema,
    valid: fc.record({ devices: fc.array(deviceInfo, { maxLength: 3 }) }),
  },
  {
    name: 'records page envelope',
    guard: pageEnvelopeOf,
    schema: recordsPageSchema.omit({ records: true }),
    valid: fc.record({ cursor: fc.string(), more: fc.boolean() }),
  },
] as const;

describe('each answer guard stands in for its protocol schema', () => {
  for (const { name, guard, schema, valid } of cases) {
    it(`${name}: accepts every valid answer, as the schema gives it`, () => {
      fc.assert(
        fc.property(valid, (answer) => {
          expect(guard(answer)).toEqual(schema.parse(answer));
        }),
      );
    });
    it(`${name}: never accepts an answer the schema refuses`, () => {
      fc.assert(
        fc.property(mutated(valid as fc.Arbitrary<object>), (answer) => {
          const checked = guard(answer);
          if (checked === undefined) return;
          const judged = schema.safeParse(answer);
          expect(judged.success, JSON.stringify(answer)).toBe(true);
          expect(checked).toEqual(judged.data);
        }),
        { numRuns: 500 },
      );
    });
  }

  it('stream events: reads exactly what the protocol reads', () => {
    const event = fc.record({ device: deviceId, head: time });
    const data = fc.oneof(
      event.map((e) => JSON.stringify(e)),
      mutated(event).map((e) => JSON.stringify(e)),
      fc.string(),
      fc.constantFrom(undefined, 42, ': keep-alive', 'null', '[]'),
    );
    fc.assert(
      fc.property(data, (message) => {
        expect(streamEventOf(message)).toEqual(parseStreamEvent(message));
      }),
      { numRuns: 500 },
    );
    expect(STREAM_EVENT_NAME).toBe(PROTOCOL_EVENT_NAME);
  });
});
