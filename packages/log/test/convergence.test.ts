import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldLog, type LogRecord, LogView, viewStats } from '../src/index.js';
import { recordArb, recordSetArb } from './arbitraries.js';
import { expectOracleView } from './oracle.js';

function snapshot(view: LogView) {
  return {
    answers: view.answers(),
    tags: view.tags(),
    config: { ...view.config() },
    diagnostics: view.diagnostics(),
    stats: viewStats(view, { timeZone: 'Europe/Paris' }),
    size: view.size,
  };
}

/** Arrival in one batch: a permutation of the records with some resent. */
const arrivalArb = recordSetArb(40).chain((records) =>
  fc.record({
    records: fc.constant(records),
    order: fc.shuffledSubarray(records, { minLength: records.length, maxLength: records.length }),
    resent: fc.subarray(records),
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
        expectOracleView(view, records);
      }),
      { numRuns: 2000 },
    );
  });

  it('gives the same view for any order and duplication within one apply', () => {
    fc.assert(
      fc.property(arrivalArb, ({ records, order, resent }) => {
        const view = new LogView();
        view.apply([...order, ...resent]);
        expect(snapshot(view)).toEqual(snapshot(foldLog(records)));
      }),
      { numRuns: 1000 },
    );
  });

  it('folds conflicting copies of an id the same way whatever their order', () => {
    fc.assert(
      fc.property(conflictArb, ([one, other]) => {
        expect(snapshot(foldLog(other))).toEqual(snapshot(foldLog(one)));
      }),
      { numRuns: 1000 },
    );
  });

  it('feeding each device’s later records equals folding everything from scratch', () => {
    fc.assert(
      fc.property(recordSetArb(30), recordSetArb(30), (first, more) => {
        const heads = new Map(first.map((r) => [r.device, r.t]));
        const later = more.filter((r) => r.t > (heads.get(r.device) ?? Number.NEGATIVE_INFINITY));
        const incremental = foldLog(first);
        incremental.answers();
        incremental.addAll(later);
        expect(snapshot(incremental)).toEqual(snapshot(foldLog([...first, ...later])));
      }),
      { numRuns: 1000 },
    );
  });
});
