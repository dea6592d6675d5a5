import { canonicalJson, encodedSize, LIMITS, type LogRecord, validateBatch } from '@tagtime/log';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextBatchLength } from '../src/batches.js';
import { padded } from './helpers.js';

const recordsOf = (sizes: number[]): LogRecord[] => sizes.map((s, i) => padded('d1', i + 1, s));

/** Cuts records into batches as `SyncClient.push` does: `nextBatchLength` of what is left. */
function splitIntoBatches(
  records: readonly LogRecord[],
  limits: Parameters<typeof nextBatchLength>[1] = LIMITS,
): LogRecord[][] {
  const json = records.map(canonicalJson);
  const batches: LogRecord[][] = [];
  for (let start = 0; start < records.length; ) {
    const n = nextBatchLength(json.slice(start), limits);
    batches.push(records.slice(start, start + n));
    start += n;
  }
  return batches;
}

describe('nextBatchLength', () => {
  it('keeps order, respects both limits, and cuts only where the next record would not fit', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 400 }), { maxLength: 60 }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 500, max: 3000 }),
        (sizes, batchRecords, batchBytes) => {
          const records = recordsOf(sizes);
          const batches = splitIntoBatches(records, { batchRecords, batchBytes });
          expect(batches.flat()).toEqual(records);
          const bytesOf = (batch: LogRecord[]) =>
            JSON.stringify({ records: [] }).length +
            batch.reduce((sum, r) => sum + encodedSize(r), 0) +
            Math.max(0, batch.length - 1);
          batches.forEach((batch, i) => {
            expect(batch.length).toBeGreaterThan(0);
            expect(batch.length).toBeLessThanOrEqual(batchRecords);
            if (batch.length > 1) expect(bytesOf(batch)).toBeLessThanOrEqual(batchBytes);
            const next = batches[i + 1]?.[0];
            if (next) {
              const grown = [...batch, next];
              expect(grown.length > batchRecords || bytesOf(grown) > batchBytes).toBe(true);
            }
          });
        },
      ),
    );
  });

  it('makes batches the protocol validator accepts at the real limits', () => {
    const big = recordsOf(Array.from({ length: 300 }, () => 7000));
    const batches = splitIntoBatches(big);
    expect(batches.length).toBeGreaterThan(1);
    for (const batch of batches) expect(validateBatch({ records: batch }).ok).toBe(true);
    const many = Array.from({ length: LIMITS.batchRecords + 10 }, (_, i) => padded('d', i + 1, 0));
    expect(splitIntoBatches(many).map((b) => b.length)).toEqual([LIMITS.batchRecords, 10]);
  });

  it('gives no batch for no records', () => {
    expect(splitIntoBatches([])).toEqual([]);
  });
});
