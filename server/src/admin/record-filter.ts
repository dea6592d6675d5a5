import type { LogRecord } from '@tagtime/log';
import type { StoredRecord } from '../store/log-store.js';

export interface RecordFilterOptions {
  kinds?: readonly string[];
  /** Case-insensitive text searched in the record's body JSON. */
  text?: string;
}

/** A predicate over stored records, or undefined when nothing needs filtering. */
export function recordFilter(
  options: RecordFilterOptions,
): ((record: StoredRecord) => boolean) | undefined {
  const kinds = options.kinds && options.kinds.length > 0 ? new Set(options.kinds) : undefined;
  const text = options.text ? options.text.toLowerCase() : undefined;
  if (kinds === undefined && text === undefined) return undefined;
  return (stored) => {
    const record = JSON.parse(stored.json) as LogRecord;
    if (kinds !== undefined && !kinds.has(record.kind)) return false;
    if (text !== undefined && !JSON.stringify(record.body).toLowerCase().includes(text)) {
      return false;
    }
    return true;
  };
}
