import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldLog, type LogRecord, LogView } from '../src/index.js';
import { recordSetArb } from './arbitraries.js';
import { oracleView } from './oracle.js';

function snapshot(view: LogView) {
  return {
    answers: view.answers(),
    tags: view.tags(),
    config: { ...view.config() },
    diagnostics: view.diagnostics(),
    stats: view.stats({ timeZone: 'Europe/Paris' }),
    size: view.size,
  };
}

/** Arrival: a permutation of the records with some resent, cut into batches. */
const arrivalArb = recordSetArb(40).chain((records) =>
  fc.record({
    records: fc.constant(records),
    order: fc.shuffledSubarray(records, { minLength: records.length, maxLength: records.length }),
    resent: fc.subarray(records),
    cuts: fc.array(fc.nat(records.length * 2), { maxLength: 6 }),
  }),
);

describe('folding converges', () => {
  it('matches the naive reference walk of the merged log', () => {
    fc.assert(
      fc.property(recordSetArb(40), (records) => {
        const view = foldLog(records);
        const oracle = oracleView(records);
        const answers = view.answers().map(({ ping, device, t, tags, note, auto }) => ({
          ping,
          device,
          t,
          tags,
          auto,
          ...(note !== undefined && { note }),
        }));
        expect(answers).toEqual(oracle.answers);
        expect(view.tags()).toEqual(oracle.tags);
        expect({ ...view.config() }).toEqual(oracle.config);
      }),
      { numRuns: 2000 },
    );
  });

  it('gives the same view for any arrival order, duplication and batching, read between batches', () => {
    fc.assert(
      fc.property(arrivalArb, ({ records, order, resent, cuts }) => {
        const expected = snapshot(foldLog(records));
        const arrival: LogRecord[] = [...order, ...resent];
        const bounds = [...new Set(cuts.map((c) => Math.min(c, arrival.length)))].sort(
          (a, b) => a - b,
        );
        const view = new LogView();
        let from = 0;
        for (const to of [...bounds, arrival.length]) {
          view.addAll(arrival.slice(from, to));
          from = Math.max(from, to);
          // Reading in between exercises the cached winners and rename memos.
          view.answers();
          view.tags();
        }
        expect(snapshot(view)).toEqual(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('feeding more records equals folding everything from scratch', () => {
    fc.assert(
      fc.property(recordSetArb(30), recordSetArb(30), (first, more) => {
        const ids = new Set(first.map((r) => `${r.device}:${r.t}`));
        const later = more.filter((r) => !ids.has(`${r.device}:${r.t}`));
        const incremental = foldLog(first);
        incremental.answers();
        incremental.addAll(later);
        expect(snapshot(incremental)).toEqual(snapshot(foldLog([...first, ...later])));
      }),
      { numRuns: 1000 },
    );
  });
});
