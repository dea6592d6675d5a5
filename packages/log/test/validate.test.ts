import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  encodedSize,
  LIMITS,
  type LogRecord,
  MAX_FUTURE_MS,
  validateBatch,
  validateRecord,
} from '../src/index.js';
import { recordArb } from './arbitraries.js';

const answer: LogRecord = {
  device: 'watch-1',
  t: 1700003400000,
  kind: 'ping',
  body: { ping: 1700003368, tags: ['work', 'code'] },
};

/** A valid record's result: the record with its canonical JSON and that JSON's size. */
const valid = (record: unknown) => ({
  ok: true,
  record,
  json: canonicalJson(record),
  bytes: encodedSize(record as LogRecord),
});

function messageOf(input: unknown, index?: number): string {
  const result = validateRecord(input, index);
  if (result.ok) throw new Error('expected the record to be refused');
  return result.error.message;
}

describe('validateRecord', () => {
  it('accepts every kind of the design', () => {
    const records: unknown[] = [
      answer,
      { ...answer, body: { ping: 1, tags: ['afk'], auto: true, note: 'n' } },
      { device: 'a', t: 1, kind: 'tag', body: { tag: 'work', category: 'job', color: '#f00' } },
      { device: 'a', t: 1, kind: 'config', body: { key: 'schedule', value: 'ttw' } },
      { device: 'a', t: 1, kind: 'config', body: { key: 'k', value: { a: [1, null, true] } } },
      { device: 'a', t: 1, kind: 'error', body: { message: 'boom', stack: 's', context: {} } },
      { device: 'a', t: 1, kind: 'event', body: { name: 'alarm', data: [1] } },
      { device: 'a', t: 1, kind: 'event', body: { name: 'alarm' } },
      { device: 'a', t: 1, kind: 'error', body: { message: '' } },
      { device: 'a', t: 1, kind: 'ping', body: { ping: 1, tags: [] } },
      { device: 'a', t: 1, kind: 'command', body: { op: 'rename-tag', from: 'a', to: 'b' } },
      { device: 'a', t: 1, kind: 'command', body: { op: 'delete-ping', ping: 5 } },
    ];
    for (const record of records) expect(validateRecord(record)).toEqual(valid(record));
  });

  it('accepts every record the property tests generate, returning it unchanged', () => {
    fc.assert(
      fc.property(recordArb, (record) => {
        expect(validateRecord(record)).toEqual(valid(record));
      }),
      { numRuns: 2000 },
    );
  });

  it('names the index, the field and the rule in one sentence', () => {
    const bad = { ...answer, body: { ping: 1, tags: ['a', 'b c'] } };
    expect(messageOf(bad, 3)).toBe('records[3].body.tags[1]: tag must not contain whitespace');
    expect(validateRecord(bad, 3)).toMatchObject({
      ok: false,
      error: { code: 'invalid_record', index: 3, path: 'records[3].body.tags[1]' },
    });
  });

  it.each([
    [5, 'record: must be an object'],
    [{}, 'record.kind: is required'],
    [
      { ...answer, kind: 'nap' },
      'record.kind: must be one of ping, tag, config, error, event, command',
    ],
    [
      { ...answer, device: 'a b' },
      'record.device: device id must be 1–64 characters of A–Z, a–z, 0–9, "_" or "-"',
    ],
    [
      { ...answer, device: 'x'.repeat(65) },
      'record.device: device id must be 1–64 characters of A–Z, a–z, 0–9, "_" or "-"',
    ],
    [{ ...answer, t: 1.5 }, 'record.t: must be a whole number of unix milliseconds (≥ 0)'],
    [{ ...answer, t: -1 }, 'record.t: must be a whole number of unix milliseconds (≥ 0)'],
    [{ ...answer, t: '5' }, 'record.t: must be a whole number of unix milliseconds (≥ 0)'],
    // -0 passes isSafeInteger and >= 0, yet LMDB keys tell it from 0.
    [{ ...answer, t: -0 }, 'record.t: must be 0, not -0'],
    [{ ...answer, body: { ping: -0, tags: [] } }, 'record.body.ping: must be 0, not -0'],
    [{ ...answer, extra: 1 }, 'record.extra: is not a known field'],
    [{ ...answer, body: { tags: [] } }, 'record.body.ping: is required'],
    [{ ...answer, body: { ping: 1, tags: [''] } }, 'record.body.tags[0]: tag must not be empty'],
    [
      { ...answer, body: { ping: 1, tags: ['x'.repeat(65)] } },
      'record.body.tags[0]: tag must be at most 64 characters',
    ],
    [{ ...answer, body: { ping: 1, tags: 'work' } }, 'record.body.tags: must be a list of tags'],
    [
      { ...answer, body: { ping: 1, tags: [], auto: false } },
      'record.body.auto: must be true when present',
    ],
    [
      { ...answer, body: { ping: 1, tags: [], 'odd key': 1 } },
      'record.body["odd key"]: is not a known field',
    ],
    [
      { ...answer, kind: 'command', body: { op: 'zap' } },
      'record.body.op: must be one of rename-tag, delete-ping',
    ],
    [
      { ...answer, kind: 'command', body: { op: 'rename-tag', from: 'a' } },
      'record.body.to: is required',
    ],
    [{ ...answer, kind: 'config', body: { key: 'k' } }, 'record.body.value: is required'],
    [
      { ...answer, kind: 'config', body: { key: 'k', value: { a: [1, Number.NaN] } } },
      'record.body.value.a[1]: must be a finite number',
    ],
    [
      { ...answer, kind: 'event', body: { name: 'x', data: new Date(0) } },
      'record.body.data: must be a plain JSON object',
    ],
    [
      { ...answer, kind: 'event', body: { name: '' } },
      'record.body.name: must be a non-empty string',
    ],
  ])('refuses %j: %s', (input, message) => {
    expect(messageOf(input)).toBe(message);
  });

  it('answers even for input that throws when read', () => {
    const hostile = {
      device: 'a',
      t: 1,
      kind: 'event',
      get body(): never {
        throw new Error('no access');
      },
    };
    expect(validateRecord(hostile, 2)).toMatchObject({
      ok: false,
      error: {
        code: 'invalid_record',
        index: 2,
        message: 'records[2]: could not be read (no access)',
      },
    });
  });

  it('refuses -0 as it comes out of JSON.parse', () => {
    const parsed: unknown = JSON.parse('{"device":"a","t":-0,"kind":"event","body":{"name":"x"}}');
    expect(validateRecord(parsed)).toMatchObject({
      ok: false,
      error: { code: 'invalid_record', path: 'record.t', message: 'record.t: must be 0, not -0' },
    });
    expect(validateBatch({ records: [parsed] }).ok).toBe(false);
  });

  it('with `now`, refuses a t more than MAX_FUTURE_MS after it, and says why', () => {
    const now = 1_700_000_000_000;
    const at = (t: number) => ({ ...answer, t });
    expect(MAX_FUTURE_MS).toBe(24 * 60 * 60 * 1000);
    expect(validateRecord(at(now + MAX_FUTURE_MS), 0, { now }).ok).toBe(true);
    const result = validateRecord(at(now + MAX_FUTURE_MS + 1), 4, { now });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'invalid_record', index: 4, path: 'records[4].t' },
    });
    if (!result.ok) {
      expect(result.error.message).toBe(
        `records[4].t: ${now + MAX_FUTURE_MS + 1} is more than 24 hours after now (${now}); check the device's clock`,
      );
    }
    const far = validateBatch({ records: [at(1), at(Number.MAX_SAFE_INTEGER)] }, { now });
    expect(far).toMatchObject({ ok: false, error: { index: 1, path: 'records[1].t' } });
    // Without `now` (a check of stored data, say), the bound does not apply.
    expect(validateRecord(at(Number.MAX_SAFE_INTEGER)).ok).toBe(true);
  });

  it('counts tag length in characters, not UTF-16 units', () => {
    const tag = '😀'.repeat(LIMITS.tagMaxLength);
    expect(validateRecord({ ...answer, body: { ping: 1, tags: [tag] } }).ok).toBe(true);
  });

  it('refuses a record over 8 KiB of canonical JSON', () => {
    const note = 'é'.repeat(4100); // 8200 bytes in UTF-8, though only 4100 characters
    const result = validateRecord({ ...answer, body: { ping: 1, tags: [], note } }, 7);
    expect(result).toMatchObject({ ok: false, error: { code: 'record_too_large', index: 7 } });
    if (!result.ok)
      expect(result.error.message).toMatch(
        /^records\[7\]: record is \d+ bytes, more than the limit of 8192$/,
      );
  });
});

describe('validateBatch', () => {
  const at = (device: string, t: number): LogRecord => ({ ...answer, device, t });

  it('accepts increasing t per device, interleaved devices', () => {
    const records = [at('a', 5), at('b', 1), at('a', 6), at('b', 2)];
    const json = records.map((record) => canonicalJson(record));
    expect(validateBatch({ records })).toEqual({ ok: true, records, json });
  });

  it('refuses t that does not increase within a device', () => {
    expect(validateBatch({ records: [at('a', 5), at('b', 1), at('a', 5)] })).toEqual({
      ok: false,
      error: {
        code: 'not_increasing',
        index: 2,
        path: 'records[2].t',
        message: 'records[2].t: t must increase within device a (5 is not after 5)',
      },
    });
  });

  it('refuses more than 5000 records', () => {
    const records = Array.from({ length: LIMITS.batchRecords + 1 }, (_, i) => at('a', i));
    const result = validateBatch({ records });
    expect(result).toMatchObject({ ok: false, error: { code: 'batch_too_large' } });
    expect(validateBatch({ records: records.slice(1) }).ok).toBe(true);
  });

  it('refuses more than 1 MiB', () => {
    const note = 'x'.repeat(8000);
    const records = Array.from({ length: 140 }, (_, i) => ({
      ...at('a', i),
      body: { ping: 1, tags: [], note },
    }));
    const result = validateBatch({ records });
    expect(result).toMatchObject({ ok: false, error: { code: 'batch_too_large', index: 129 } });
    // 129 records of about 8070 bytes fit in 1 MiB; the 130th does not.
    expect(validateBatch({ records: records.slice(0, 129) }).ok).toBe(true);
  });

  it('passes on the first bad record with its index', () => {
    const result = validateBatch({ records: [at('a', 1), { ...at('a', 2), t: 'x' }] });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'invalid_record', index: 1, path: 'records[1].t' },
    });
  });

  it.each([
    [null, 'batch must be an object { records: [...] }'],
    [[], 'batch must be an object { records: [...] }'],
    [{}, 'records: is required'],
    [{ records: {} }, 'records: must be a list of records'],
    [{ records: [], more: 1 }, 'more: is not a known field'],
  ])('refuses the batch %j', (input, message) => {
    const result = validateBatch(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toBe(message);
  });
});
