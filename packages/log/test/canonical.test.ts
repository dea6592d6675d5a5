import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  decodeUtf8,
  encodedSize,
  encodeUtf8,
  type LogRecord,
  sameRecord,
  utf8Length,
} from '../src/index.js';
import { anyString, recordArb } from './arbitraries.js';

describe('canonicalJson', () => {
  it('sorts keys at every level and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: undefined, x: 2 }], c: 'é' } })).toBe(
      '{"a":{"c":"é","d":[1,{"x":2,"z":1}]},"b":1}',
    );
  });

  it('is the same text whatever the key order', () => {
    const a: LogRecord = { device: 'a', t: 1, kind: 'ping', body: { ping: 1, tags: ['x'] } };
    const b = { body: { tags: ['x'], ping: 1 }, kind: 'ping', t: 1, device: 'a' } as LogRecord;
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(sameRecord(a, b)).toBe(true);
    expect(sameRecord(a, { ...a, body: { ping: 1, tags: ['y'] } })).toBe(false);
    expect(sameRecord(a, { ...a, t: 2 })).toBe(false);
  });

  it('parses back to the same value, and encodedSize counts its UTF-8 bytes (property)', () => {
    fc.assert(
      fc.property(recordArb, (record) => {
        const text = canonicalJson(record);
        expect(JSON.parse(text)).toEqual(record);
        expect(encodedSize(record)).toBe(new TextEncoder().encode(text).length);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('UTF-8 helpers', () => {
  it('agree with TextEncoder/TextDecoder on any string (property)', () => {
    fc.assert(
      fc.property(anyString(40), (text) => {
        const reference = new TextEncoder().encode(text);
        expect(encodeUtf8(text)).toEqual(reference);
        expect(utf8Length(text)).toBe(reference.length);
        // ignoreBOM: a leading U+FEFF is text a record holds, not a mark to drop.
        expect(decodeUtf8(reference)).toBe(
          new TextDecoder('utf-8', { ignoreBOM: true }).decode(reference),
        );
      }),
      { numRuns: 3000, examples: [['\ufeff'], ['\ufeffa']] },
    );
  });

  it('writes a lone surrogate as U+FFFD, as TextEncoder does', () => {
    expect(encodeUtf8('a\ud800b')).toEqual(new TextEncoder().encode('a\ud800b'));
  });

  it('refuses malformed bytes', () => {
    expect(() => decodeUtf8(new Uint8Array([0x61, 0xc3]))).toThrow(
      'invalid UTF-8 continuation byte at offset 2',
    );
    expect(() => decodeUtf8(new Uint8Array([0xff]))).toThrow(
      'invalid UTF-8 lead byte 0xff at offset 0',
    );
    expect(() => decodeUtf8(new Uint8Array([0xed, 0xa0, 0x80]))).toThrow(
      'invalid UTF-8 code point',
    );
  });
});
