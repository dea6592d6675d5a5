// The validator's fast path on its own, without zod: what an app checks with when it keeps zod
// out of its start-up (the sync client in a browser bundle, the CLI's short commands), loading
// `@tagtime/log/validate` only for a record this path cannot decide.
import { validRecordJson } from './fast-path.js';
import { LIMITS, type LogRecord } from './records.js';
import { utf8Length } from './utf8.js';
import type { ValidateOptions } from './validate.js';

/**
 * `validateRecord`'s answer for a record the fast path accepts (`input` itself, its canonical
 * JSON and size); `undefined` for any other, valid or not, which only `validateRecord` decides.
 * Never throws.
 */
export function validateRecordFast(
  input: unknown,
  options: ValidateOptions = {},
): { ok: true; record: LogRecord; json: string; bytes: number } | undefined {
  let json: string | undefined;
  try {
    json = validRecordJson(input, options.now);
  } catch {
    return undefined; // exotic input (a throwing getter): validateRecord names it
  }
  if (json === undefined) return undefined;
  const bytes = utf8Length(json);
  return bytes <= LIMITS.recordBytes
    ? { ok: true, record: input as LogRecord, json, bytes }
    : undefined;
}
