import { LIMITS, utf8Length } from '@tagtime/log/core';

interface BatchLimits {
  batchRecords: number;
  batchBytes: number;
}

/** Bytes of `{"records":[]}`, the envelope every batch pays for. */
const ENVELOPE_BYTES = '{"records":[]}'.length;

/**
 * How many of the leading records go into the next batch, from each record's canonical JSON:
 * at most `batchRecords` records and `batchBytes` bytes (the sizes `validateBatch` counts), and
 * at least one. Records are assumed valid, so each fits the record limit and therefore a batch
 * of its own.
 */
export function nextBatchLength(json: readonly string[], limits: BatchLimits = LIMITS): number {
  let bytes = ENVELOPE_BYTES;
  let n = 0;
  for (const text of json) {
    const added = utf8Length(text) + (n > 0 ? 1 : 0);
    if (n > 0 && (n >= limits.batchRecords || bytes + added > limits.batchBytes)) break;
    bytes += added;
    n++;
  }
  return n;
}
