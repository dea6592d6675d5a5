// The validator's fast path: one pass over a record that checks every rule of schema.ts and
// writes the record's canonical JSON as it goes. It only ever says "valid, and here is its JSON"
// or "not sure": anything it does not recognize at once (a refused field, an exotic object, a
// rare corner) goes to the zod schema, which decides and names the field and the rule. So it may
// decline a valid record, never accept an invalid one; test/fast-path.test.ts compares the two
// paths over random and adversarial records.
import { LIMITS, MAX_FUTURE_MS } from './records.js';

/** Bound on the nesting of JSON values, as `findNonJson` counts it. */
const MAX_JSON_DEPTH = 32;

type Fields = Record<string, unknown>;

/**
 * The canonical JSON of `input` when it is a valid record (with `now`: one whose `t` is at most
 * `MAX_FUTURE_MS` after it); `undefined` when it is not, or when this path cannot tell. The size
 * limit is the caller's to check on the JSON returned. Never throws on plain data; callers keep
 * a catch for exotic input.
 */
export function validRecordJson(input: unknown, now: number | undefined): string | undefined {
  if (!isPlainObject(input) || !hasOnlyKeys(input, 4, 'body', 'device', 'kind', 't')) {
    return undefined;
  }
  const { device, t, kind } = input;
  if (typeof device !== 'string' || !isDeviceId(device)) return undefined;
  if (!isNonNegativeInteger(t)) return undefined;
  if (now !== undefined && t > now + MAX_FUTURE_MS) return undefined;
  const body = bodyJson(kind, input.body);
  if (body === undefined) return undefined;
  // Keys in sorted order: body, device, kind, t. `device` and `kind` need no escaping.
  return `{"body":${body},"device":"${device}","kind":"${kind as string}","t":${t}}`;
}

function bodyJson(kind: unknown, body: unknown): string | undefined {
  if (!isPlainObject(body)) return undefined;
  switch (kind) {
    case 'ping':
      return pingJson(body);
    case 'event':
      return eventJson(body);
    case 'error':
      return errorJson(body);
    case 'tag':
      return tagJson(body);
    case 'config':
      return configJson(body);
    case 'command':
      return commandJson(body);
    default:
      return undefined;
  }
}

function pingJson(body: Fields): string | undefined {
  const { ping, tags, note, auto } = body;
  const keys = 2 + (note === undefined ? 0 : 1) + (auto === undefined ? 0 : 1);
  if (!hasOnlyKeys(body, keys, 'auto', 'note', 'ping', 'tags')) return undefined;
  if (!isNonNegativeInteger(ping) || !Array.isArray(tags)) return undefined;
  if (auto !== undefined && auto !== true) return undefined;
  if (note !== undefined && typeof note !== 'string') return undefined;
  let list = '';
  for (let i = 0; i < tags.length; i++) {
    const tag = tagText(tags[i]);
    if (tag === undefined) return undefined;
    list += i === 0 ? tag : `,${tag}`;
  }
  let out = auto === undefined ? '{' : '{"auto":true,';
  if (note !== undefined) out += `"note":${JSON.stringify(note)},`;
  return `${out}"ping":${ping},"tags":[${list}]}`;
}

function eventJson(body: Fields): string | undefined {
  const { name, data } = body;
  if (!hasOnlyKeys(body, data === undefined ? 1 : 2, 'data', 'name')) return undefined;
  if (typeof name !== 'string' || name.length === 0) return undefined;
  if (data === undefined) return `{"name":${JSON.stringify(name)}}`;
  const value = jsonValue(data, 0);
  return value === undefined ? undefined : `{"data":${value},"name":${JSON.stringify(name)}}`;
}

function errorJson(body: Fields): string | undefined {
  const { message, stack, context } = body;
  const keys = 1 + (stack === undefined ? 0 : 1) + (context === undefined ? 0 : 1);
  if (!hasOnlyKeys(body, keys, 'context', 'message', 'stack')) return undefined;
  if (typeof message !== 'string') return undefined;
  if (stack !== undefined && typeof stack !== 'string') return undefined;
  let out = '{';
  if (context !== undefined) {
    const value = jsonValue(context, 0);
    if (value === undefined) return undefined;
    out += `"context":${value},`;
  }
  out += `"message":${JSON.stringify(message)}`;
  if (stack !== undefined) out += `,"stack":${JSON.stringify(stack)}`;
  return `${out}}`;
}

function tagJson(body: Fields): string | undefined {
  const { tag, category, color } = body;
  const keys = 1 + (category === undefined ? 0 : 1) + (color === undefined ? 0 : 1);
  if (!hasOnlyKeys(body, keys, 'category', 'color', 'tag')) return undefined;
  const text = tagText(tag);
  if (text === undefined) return undefined;
  if (category !== undefined && typeof category !== 'string') return undefined;
  if (color !== undefined && typeof color !== 'string') return undefined;
  let out = '{';
  if (category !== undefined) out += `"category":${JSON.stringify(category)},`;
  if (color !== undefined) out += `"color":${JSON.stringify(color)},`;
  return `${out}"tag":${text}}`;
}

function configJson(body: Fields): string | undefined {
  const { key, value } = body;
  if (!hasOnlyKeys(body, 2, 'key', 'value')) return undefined;
  if (typeof key !== 'string' || key.length === 0 || key.length > 64) return undefined;
  const json = jsonValue(value, 0);
  return json === undefined ? undefined : `{"key":${JSON.stringify(key)},"value":${json}}`;
}

function commandJson(body: Fields): string | undefined {
  const op = body.op;
  if (op === 'rename-tag') {
    if (!hasOnlyKeys(body, 3, 'from', 'op', 'to')) return undefined;
    const from = tagText(body.from);
    const to = tagText(body.to);
    if (from === undefined || to === undefined) return undefined;
    return `{"from":${from},"op":"rename-tag","to":${to}}`;
  }
  if (op === 'delete-ping') {
    if (!hasOnlyKeys(body, 2, 'op', 'ping')) return undefined;
    const ping = body.ping;
    return isNonNegativeInteger(ping) ? `{"op":"delete-ping","ping":${ping}}` : undefined;
  }
  return undefined;
}

/**
 * A tag as JSON text when it is one: 1–64 characters (code points), no whitespace. Printable
 * ASCII other than `"` and `\` is its own JSON; anything else goes through JSON.stringify and
 * the same whitespace test as the schema.
 */
function tagText(tag: unknown): string | undefined {
  if (typeof tag !== 'string' || tag.length === 0) return undefined;
  let plain = true;
  for (let i = 0; i < tag.length; i++) {
    const c = tag.charCodeAt(i);
    if (c <= 0x20) return undefined; // space and control characters (whitespace among them)
    if (c === 0x22 || c === 0x5c || c >= 0x7f) plain = false;
  }
  if (plain) return tag.length <= LIMITS.tagMaxLength ? `"${tag}"` : undefined;
  if (/\s/.test(tag) || codePoints(tag) > LIMITS.tagMaxLength) return undefined;
  return JSON.stringify(tag);
}

function codePoints(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/**
 * Canonical JSON of a JSON value (as `findNonJson` defines one: null, booleans, strings, finite
 * numbers, arrays, plain objects, nested at most 32 levels), else `undefined`.
 */
function jsonValue(value: unknown, depth: number): string | undefined {
  if (depth > MAX_JSON_DEPTH) return undefined;
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : undefined;
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) {
          const item = jsonValue(value[i], depth + 1);
          if (item === undefined) return undefined;
          out += i === 0 ? item : `,${item}`;
        }
        return `${out}]`;
      }
      if (!isPlainObject(value)) return undefined;
      const keys = Object.keys(value).sort();
      let out = '{';
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i] as string;
        const item = jsonValue(value[key], depth + 1);
        if (item === undefined) return undefined;
        out += `${i === 0 ? '' : ','}${JSON.stringify(key)}:${item}`;
      }
      return `${out}}`;
    }
    default:
      return undefined;
  }
}

function isPlainObject(value: unknown): value is Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Whether `object`'s enumerable keys are exactly `count` of the given names (whose values the
 * caller found defined). `for…in` needs no key array; it also sees inherited enumerable keys,
 * which only makes this path decline more.
 */
function hasOnlyKeys(
  object: Fields,
  count: number,
  a: string,
  b: string,
  c?: string,
  d?: string,
): boolean {
  let seen = 0;
  for (const key in object) {
    if (key !== a && key !== b && key !== c && key !== d) return false;
    if (object[key] === undefined) return false;
    seen += 1;
  }
  return seen === count;
}

function isDeviceId(device: string): boolean {
  const n = device.length;
  if (n === 0 || n > 64) return false;
  for (let i = 0; i < n; i++) {
    const c = device.charCodeAt(i);
    const ok =
      (c >= 0x61 && c <= 0x7a) || // a-z
      (c >= 0x41 && c <= 0x5a) || // A-Z
      (c >= 0x30 && c <= 0x39) || // 0-9
      c === 0x5f || // _
      c === 0x2d; // -
    if (!ok) return false;
  }
  return true;
}

/** A safe integer ≥ 0 that is not -0 (which stores tell from 0). */
function isNonNegativeInteger(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 && !Object.is(n, -0);
}
