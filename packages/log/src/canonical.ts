import type { LogRecord } from './records.js';
import { utf8Length } from './utf8.js';

/**
 * JSON with every object's keys in sorted order (code-unit order) and no whitespace, so equal
 * records always give equal text. Keys whose value is `undefined` are left out, as JSON does.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const text = JSON.stringify(value);
    if (text === undefined) throw new TypeError(`cannot write ${typeof value} as JSON`);
    return text;
  }
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      const item: unknown = value[i];
      out += item === undefined ? 'null' : canonicalJson(item);
    }
    return `${out}]`;
  }
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const item = object[key];
    if (item === undefined) continue;
    out += `${first ? '' : ','}${JSON.stringify(key)}:${canonicalJson(item)}`;
    first = false;
  }
  return `${out}}`;
}

/** Bytes of the record's canonical JSON in UTF-8: the size the limits count. */
export function encodedSize(record: LogRecord): number {
  return utf8Length(canonicalJson(record));
}

/** Whether two records are the same in every field (a resend), not just in id. */
export function sameRecord(a: LogRecord, b: LogRecord): boolean {
  return a.device === b.device && a.t === b.t && canonicalJson(a) === canonicalJson(b);
}
