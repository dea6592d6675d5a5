import type { z } from 'zod';
import { canonicalJson } from './canonical.js';
import { validRecordJson } from './fast-path.js';
import { LIMITS, type LogRecord, MAX_FUTURE_MS, RECORD_KINDS } from './records.js';
import { recordSchema } from './schema.js';
import { utf8Length } from './utf8.js';

export type ValidationCode =
  | 'invalid_record'
  | 'batch_too_large'
  | 'record_too_large'
  | 'not_increasing';

export interface ValidationError {
  code: ValidationCode;
  /** One readable sentence: `records[3].body.tags[1]: tag must not contain whitespace`. */
  message: string;
  /** Index of the offending record in the batch, when one record is at fault. */
  index?: number;
  /** Path of the offending field, as in the message (`records[3].body.tags[1]`). */
  path?: string;
}

export interface ValidateOptions {
  /**
   * The receiver's clock in unix ms. When given, a record whose `t` is more than
   * `MAX_FUTURE_MS` after it is refused (the server gives it; a pure check of stored data need not).
   */
  now?: number;
}

/**
 * A valid record comes back with its canonical JSON and that JSON's size in UTF-8 bytes (what
 * the limits count), computed once here, so no caller encodes it again to store, send or size it.
 */
export type RecordResult =
  | { ok: true; record: LogRecord; json: string; bytes: number }
  | { ok: false; error: ValidationError };
/** A valid batch comes back with each record's canonical JSON, in the same order. */
export type BatchResult =
  | { ok: true; records: LogRecord[]; json: string[] }
  | { ok: false; error: ValidationError };

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `records[3].body.tags[1]` from a base and a zod path. */
export function formatPath(base: string, path: readonly PropertyKey[]): string {
  let out = base;
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && IDENTIFIER.test(key)) out += out ? `.${key}` : key;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function describeIssue(
  issue: z.core.$ZodIssue,
  input: unknown,
): { path: PropertyKey[]; rule: string } {
  const path = [...issue.path];
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    return { path: [...path, key], rule: 'is not a known field' };
  }
  if (issue.code === 'invalid_union' && 'discriminator' in issue && issue.discriminator) {
    const field = issue.discriminator as string;
    if (valueAt(input, path) === undefined) return { path, rule: 'is required' };
    const options =
      field === 'kind' ? RECORD_KINDS : ((issue as { options?: unknown[] }).options ?? []);
    return { path, rule: `must be one of ${options.join(', ')}` };
  }
  return { path, rule: issue.message };
}

function base(index: number | undefined): string {
  return index === undefined ? 'record' : `records[${index}]`;
}

/**
 * Checks one record's fields and its size, and with `options.now` that `t` is not too far in
 * the future. `index` names it as `records[index]` in the message (else `record`). Never throws.
 *
 * Common records pass through a hand-written fast path (fast-path.ts) that checks and encodes
 * them in one pass and returns `input` itself as the record; everything it declines is decided
 * by the zod schema, which names the field and the rule of a refusal.
 */
export function validateRecord(
  input: unknown,
  index?: number,
  options: ValidateOptions = {},
): RecordResult {
  try {
    const json = validRecordJson(input, options.now);
    if (json !== undefined) {
      const bytes = utf8Length(json);
      if (bytes <= LIMITS.recordBytes) return { ok: true, record: input as LogRecord, json, bytes };
    }
    return checkRecord(input, index, options);
  } catch (error) {
    return unreadable(error, index);
  }
}

/**
 * `validateRecord` by the zod schema alone, without the fast path: the reference the fast path
 * is tested against (test/fast-path.test.ts).
 */
export function validateRecordBySchema(
  input: unknown,
  index?: number,
  options: ValidateOptions = {},
): RecordResult {
  try {
    return checkRecord(input, index, options);
  } catch (error) {
    return unreadable(error, index);
  }
}

function unreadable(error: unknown, index: number | undefined): RecordResult {
  // Only exotic input gets here (a getter that throws, a proxy): still an answer, not a throw.
  const reason = error instanceof Error ? error.message : String(error);
  return failure(
    'invalid_record',
    `${base(index)}: could not be read (${reason})`,
    base(index),
    index,
  );
}

function checkRecord(
  input: unknown,
  index: number | undefined,
  options: ValidateOptions,
): RecordResult {
  const parsed = recordSchema.safeParse(input);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const { path, rule } = first
      ? describeIssue(first, input)
      : { path: [] as PropertyKey[], rule: 'is not a valid record' };
    const where = formatPath(base(index), path);
    return failure('invalid_record', `${where}: ${rule}`, where, index);
  }
  if (options.now !== undefined && parsed.data.t > options.now + MAX_FUTURE_MS) {
    const where = `${base(index)}.t`;
    return failure(
      'invalid_record',
      `${where}: ${parsed.data.t} is more than ${MAX_FUTURE_MS / 3_600_000} hours after now (${options.now}); check the device's clock`,
      where,
      index,
    );
  }
  const json = canonicalJson(parsed.data);
  const size = utf8Length(json);
  if (size > LIMITS.recordBytes) {
    const where = base(index);
    return failure(
      'record_too_large',
      `${where}: record is ${size} bytes, more than the limit of ${LIMITS.recordBytes}`,
      where,
      index,
    );
  }
  return { ok: true, record: parsed.data, json, bytes: size };
}

const BATCH_OVERHEAD = '{"records":[]}'.length;

/**
 * Checks a batch `{ records: [...] }`: every record (with `options` as for `validateRecord`), the
 * limits, and that `t` strictly increases per device within the batch. Returns the first problem
 * found, as one sentence. Never throws.
 */
export function validateBatch(input: unknown, options: ValidateOptions = {}): BatchResult {
  try {
    return checkBatch(input, options);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return failure('invalid_record', `batch could not be read (${reason})`);
  }
}

function checkBatch(input: unknown, options: ValidateOptions): BatchResult {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return invalid('batch must be an object { records: [...] }');
  }
  const extra = Object.keys(input).find((key) => key !== 'records');
  if (extra !== undefined) return invalid(`${formatPath('', [extra])}: is not a known field`);
  const list = (input as { records?: unknown }).records;
  if (list === undefined) return invalid('records: is required', 'records');
  if (!Array.isArray(list)) return invalid('records: must be a list of records', 'records');
  if (list.length > LIMITS.batchRecords) {
    return failure(
      'batch_too_large',
      `records: a batch holds at most ${LIMITS.batchRecords} records (got ${list.length})`,
      'records',
    );
  }
  const records: LogRecord[] = new Array(list.length);
  const json: string[] = new Array(list.length);
  // The last t of each device seen; the current run of one device (a device's own batch is one
  // run) is kept in two variables and goes into the map only when another device comes.
  const last = new Map<string, number>();
  let runDevice: string | undefined;
  let runT = 0;
  let bytes = BATCH_OVERHEAD + Math.max(0, list.length - 1);
  for (let i = 0; i < list.length; i++) {
    const result = validateRecord(list[i], i, options);
    if (!result.ok) return result;
    const record = result.record;
    bytes += result.bytes;
    if (bytes > LIMITS.batchBytes) {
      return failure(
        'batch_too_large',
        `records: a batch is at most ${LIMITS.batchBytes} bytes; it passes that at records[${i}]`,
        'records',
        i,
      );
    }
    let previous: number | undefined = runT;
    if (record.device !== runDevice) {
      if (runDevice !== undefined) last.set(runDevice, runT);
      previous = last.get(record.device);
      runDevice = record.device;
    }
    if (previous !== undefined && record.t <= previous) {
      const where = `records[${i}].t`;
      return failure(
        'not_increasing',
        `${where}: t must increase within device ${record.device} (${record.t} is not after ${previous})`,
        where,
        i,
      );
    }
    runT = record.t;
    records[i] = record;
    json[i] = result.json;
  }
  return { ok: true, records, json };
}

function invalid(message: string, path?: string): BatchResult {
  return failure('invalid_record', message, path);
}

function failure(
  code: ValidationCode,
  message: string,
  path?: string,
  index?: number,
): { ok: false; error: ValidationError } {
  const error: ValidationError = { code, message };
  if (path !== undefined) error.path = path;
  if (index !== undefined) error.index = index;
  return { ok: false, error };
}
