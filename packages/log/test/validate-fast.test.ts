// `validateRecordFast` (the zod-free check apps use at start-up) gives exactly validateRecord's
// answer whenever it answers, and answers for the records apps write.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateRecordFast } from '../src/core.js';
import { validateRecord } from '../src/validate.js';
import { anyString, recordArb } from './arbitraries.js';

describe('validateRecordFast', () => {
  it('accepts valid records with validateRecord’s JSON and size', () => {
    fc.assert(
      fc.property(recordArb, (record) => {
        const fast = validateRecordFast(record);
        if (fast) expect(fast).toEqual(validateRecord(record));
      }),
    );
    const ping = { device: 'cli', t: 5, kind: 'ping', body: { ping: 1, tags: ['work'] } };
    expect(validateRecordFast(ping)).toEqual(validateRecord(ping));
  });

  it('never accepts what validateRecord refuses', () => {
    const broken = fc.record({
      device: fc.oneof(fc.constant('cli'), anyString(8)),
      t: fc.oneof(fc.nat(), fc.constantFrom(-1, -0, 0.5)),
      kind: fc.constantFrom('ping', 'tag', 'nope'),
      body: fc.oneof(
        fc.record({ ping: fc.nat(), tags: fc.array(anyString(8), { maxLength: 3 }) }),
        fc.dictionary(anyString(6), anyString(6)),
      ),
    });
    fc.assert(
      fc.property(broken, (input) => {
        if (validateRecordFast(input)) expect(validateRecord(input).ok).toBe(true);
      }),
      { numRuns: 500 },
    );
    expect(validateRecordFast({ device: 'a b', t: 1, kind: 'ping', body: {} })).toBeUndefined();
    expect(validateRecordFast(null)).toBeUndefined();
  });
});
