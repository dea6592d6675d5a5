import { canonicalJson, type LogRecord } from '@tagtime/log/core';

/**
 * A record as the record tables hold it: its canonical JSON as validation returned it (written
 * as is, no encoding of the object), or the object itself (stores written before, migrations).
 */
export type StoredRecord = LogRecord | string;

export const recordOf = (stored: StoredRecord): LogRecord =>
  typeof stored === 'string' ? (JSON.parse(stored) as LogRecord) : stored;

export const jsonOf = (stored: StoredRecord): string =>
  typeof stored === 'string' ? stored : canonicalJson(stored);
