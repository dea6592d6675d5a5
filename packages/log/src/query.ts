import { RECORD_KINDS, type RecordKind } from './records.js';

/**
 * The log browser's query language, as in Datadog or Papertrail:
 *   `kind:error device:watch "timed out" -retry`
 * - `kind:<kind>` and `device:<device>` keep records of that kind or device; several values of
 *   one field (`kind:error kind:event`, or `kind:error,event`) are alternatives.
 * - Any other word, or a "quoted phrase", must appear in the record's body (any case).
 * - A leading `-` negates a term. Field names are case-insensitive; a word with another colon
 *   (`http://x`) is plain text.
 * Devices are named by id, kind or name; which devices a value means is the reader's business
 * (the server knows the user's devices), so they stay text here.
 */
export interface LogQuery {
  kinds: RecordKind[];
  notKinds: RecordKind[];
  devices: string[];
  notDevices: string[];
  text: string[];
  notText: string[];
}

export class LogQueryError extends Error {
  override name = 'LogQueryError';

  /** `at`: the offset in the query text of the term at fault. */
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(message);
  }
}

export const MAX_QUERY_LENGTH = 500;

export function emptyLogQuery(): LogQuery {
  return { kinds: [], notKinds: [], devices: [], notDevices: [], text: [], notText: [] };
}

interface Token {
  negated: boolean;
  field: 'kind' | 'device' | undefined;
  value: string;
  at: number;
}

/** Reads one value at `i`: a quoted phrase (`\"` escapes a quote) or a run of non-space. */
function readValue(text: string, i: number, at: number): { value: string; end: number } {
  if (text[i] !== '"') {
    let end = i;
    while (end < text.length && !/\s/.test(text[end] as string)) end++;
    return { value: text.slice(i, end), end };
  }
  let value = '';
  let end = i + 1;
  while (end < text.length && text[end] !== '"') {
    if (text[end] === '\\' && end + 1 < text.length) end++;
    value += text[end];
    end++;
  }
  if (end >= text.length) throw new LogQueryError('a quoted phrase is not closed by a "', at);
  return { value, end: end + 1 };
}

function tokens(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    if (/\s/.test(text[i] as string)) {
      i++;
      continue;
    }
    const at = i;
    let negated = false;
    if (text[i] === '-' && i + 1 < text.length && !/\s/.test(text[i + 1] as string)) {
      negated = true;
      i++;
    }
    const field = /^(kind|device):/i.exec(text.slice(i));
    let name: Token['field'];
    if (field) {
      name = (field[1] as string).toLowerCase() as Token['field'];
      i += field[0].length;
    }
    const { value, end } = readValue(text, i, at);
    i = end;
    if (name !== undefined && value === '') {
      throw new LogQueryError(`${name}: needs a value, e.g. ${name}:${EXAMPLE[name]}`, at);
    }
    if (value !== '') out.push({ negated, field: name, value, at });
  }
  return out;
}

const EXAMPLE = { kind: 'error', device: 'watch' } as const;

function pushNew<T>(list: T[], value: T): void {
  if (!list.includes(value)) list.push(value);
}

/** Parses a query; throws `LogQueryError` naming the term at fault. */
export function parseLogQuery(text: string): LogQuery {
  if (text.length > MAX_QUERY_LENGTH) {
    throw new LogQueryError(`a query is at most ${MAX_QUERY_LENGTH} characters`, 0);
  }
  const query = emptyLogQuery();
  for (const token of tokens(text)) {
    if (token.field === 'kind') {
      for (const value of token.value.split(',').filter(Boolean)) {
        const kind = value.toLowerCase();
        if (!(RECORD_KINDS as readonly string[]).includes(kind)) {
          throw new LogQueryError(
            `kind:${value} is not a record kind (${RECORD_KINDS.join(', ')})`,
            token.at,
          );
        }
        pushNew(token.negated ? query.notKinds : query.kinds, kind as RecordKind);
      }
    } else if (token.field === 'device') {
      for (const value of token.value.split(',').filter(Boolean)) {
        pushNew(token.negated ? query.notDevices : query.devices, value);
      }
    } else {
      pushNew(token.negated ? query.notText : query.text, token.value);
    }
  }
  return query;
}

function quote(value: string): string {
  return /^[^\s"]+$/.test(value) && !value.startsWith('-')
    ? value
    : `"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

/** A text value; one that looks like a field would read back as one, so it is quoted. */
function textTerm(value: string): string {
  return /^(kind|device):/i.test(value)
    ? `"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`
    : quote(value);
}

/** The query as text, fields first; `parseLogQuery(formatLogQuery(q))` gives `q` back. */
export function formatLogQuery(query: LogQuery): string {
  const terms: string[] = [];
  for (const kind of query.kinds) terms.push(`kind:${kind}`);
  for (const kind of query.notKinds) terms.push(`-kind:${kind}`);
  for (const device of query.devices) terms.push(`device:${quote(device)}`);
  for (const device of query.notDevices) terms.push(`-device:${quote(device)}`);
  for (const text of query.text) terms.push(textTerm(text));
  for (const text of query.notText) terms.push(`-${textTerm(text)}`);
  return terms.join(' ');
}

/**
 * The query with `value` of `field` added or removed (a facet click): keeping only that value
 * when `only` is set.
 */
export function toggleLogQueryTerm(
  query: LogQuery,
  field: 'kind' | 'device',
  value: string,
  options: { only?: boolean } = {},
): LogQuery {
  const next: LogQuery = {
    kinds: [...query.kinds],
    notKinds: [...query.notKinds],
    devices: [...query.devices],
    notDevices: [...query.notDevices],
    text: [...query.text],
    notText: [...query.notText],
  };
  const list = (field === 'kind' ? next.kinds : next.devices) as string[];
  const negated = (field === 'kind' ? next.notKinds : next.notDevices) as string[];
  const index = negated.indexOf(value);
  if (index >= 0) negated.splice(index, 1);
  if (options.only) {
    list.splice(0, list.length, value);
    return next;
  }
  const at = list.indexOf(value);
  if (at >= 0) list.splice(at, 1);
  else list.push(value);
  return next;
}
