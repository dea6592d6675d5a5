import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, kindOfCanonicalRecord, RECORD_KINDS } from '../src/index.js';
import { recordArb } from './arbitraries.js';

describe('kindOfCanonicalRecord', () => {
  it('reads the kind of every canonical record, whatever its body holds', () => {
    fc.assert(
      fc.property(recordArb, (record) => {
        expect(kindOfCanonicalRecord(canonicalJson(record))).toBe(record.kind);
      }),
      { numRuns: 2000 },
    );
  });

  it('is not fooled by kind fields inside the body', () => {
    for (const kind of RECORD_KINDS) {
      const json = canonicalJson({
        device: 'a',
        t: 5,
        kind,
        body: { name: 'x', data: { kind: 'ping', t: 1, text: '"kind":"tag","t":2}' } },
      });
      expect(kindOfCanonicalRecord(json)).toBe(kind);
    }
  });

  it('answers undefined for text that is not a canonical record', () => {
    for (const text of ['', '{}', '{"kind":"nap","t":1}', '{"kind":"ping"}', 'kind']) {
      expect(kindOfCanonicalRecord(text)).toBeUndefined();
    }
  });
});
