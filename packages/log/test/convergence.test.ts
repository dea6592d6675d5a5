import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldLog, type LogRecord, LogView } from '../src/index.js';
import { recordArb, recordSetArb } from './arbitraries.js';
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

/** Records plus rival copies of some of their ids (different content), in an arrival order. */
const conflictArb = recordSetArb(30).chain((records) =>
  fc
    .array(fc.tuple(fc.nat(Math.max(0, records.length - 1)), recordArb), { maxLength: 6 })
    .map((rivals) =>
      rivals.flatMap(([i, other]) => {
        const target = records[i];
        return target ? [{ ...other, device: target.device, t: target.t } as LogRecord] : [];
      }),
    )
    .chain((rivals) => {
      const all = [...records, ...rivals];
      return fc.tuple(
        fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length }),
        fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length }),
      );
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

  it('settles conflicting copies of an id the same way whatever the order', () => {
    fc.assert(
      fc.property(conflictArb, ([one, other]) => {
        const a = foldLog(one);
        const b = new LogView();
        for (const record of other) {
          b.add(record);
          b.answers();
        }
        expect(snapshot(b)).toEqual(snapshot(a));
        expect(b.conflicts()).toEqual(a.conflicts());
      }),
      { numRuns: 1000 },
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
