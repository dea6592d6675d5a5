import { encodedSize, LIMITS, type LogRecord } from '@tagtime/log';

export interface BatchLimits {
  batchRecords: number;
  batchBytes: number;
}

/** Bytes of `{"records":[]}`, the envelope every batch pays for. */
const ENVELOPE_BYTES = '{"records":[]}'.length;

/**
 * Splits records, in order, into batches the server accepts: at most `batchRecords` records and
 * `batchBytes` bytes of canonical JSON each (the sizes `validateBatch` counts). Records are
 * assumed valid, so each fits the record limit and therefore a batch of its own.
 */
export function splitIntoBatches(
  records: readonly LogRecord[],
  limits: BatchLimits = LIMITS,
): LogRecord[][] {
  const batches: LogRecord[][] = [];
  let current: LogRecord[] = [];
  let bytes = ENVELOPE_BYTES;
  for (const record of records) {
    const size = encodedSize(record);
    const added = size + (current.length > 0 ? 1 : 0);
    if (
      current.length > 0 &&
      (current.length >= limits.batchRecords || bytes + added > limits.batchBytes)
    ) {
      batches.push(current);
      current = [];
      bytes = ENVELOPE_BYTES;
    }
    bytes += size + (current.length > 0 ? 1 : 0);
    current.push(record);
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
