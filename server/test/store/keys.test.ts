// A record key read back as its time alone must give the time ordered-binary itself decodes,
// for every time a record can have, and refuse a key that does not end with one.
import fc from 'fast-check';
import type { Key } from 'lmdb';
import { readKey, writeKey } from 'ordered-binary';
import { expect, test } from 'vitest';
import { recordTimeKeys } from '../../src/store/keys.js';

const idArb = fc.stringMatching(/^[A-Za-z0-9_-]{1,24}$/);

/** The key's bytes at an offset inside a larger buffer, as lmdb-js hands them to a decoder. */
function encoded(key: Key[], offset: number): { buffer: Uint8Array; end: number } {
  // ordered-binary's own views need a length that is a multiple of 4.
  const buffer = Buffer.alloc(1024);
  const end = writeKey(key, buffer, offset);
  return { buffer, end };
}

test('the time of a record key is read back exactly, as ordered-binary reads it', () => {
  fc.assert(
    fc.property(
      idArb,
      idArb,
      fc.oneof(
        fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
        fc.constantFrom(0, 1, 2 ** 32, 2 ** 52, Number.MAX_SAFE_INTEGER),
        fc.double({ min: 0, max: 1e300, noNaN: true }).filter((t) => !Object.is(t, -0)),
      ),
      fc.integer({ min: 0, max: 40 }),
      (userId, deviceId, t, offset) => {
        const { buffer, end } = encoded([userId, deviceId, t], offset);
        const full = readKey(buffer as Buffer, offset, end) as unknown[];
        expect(full[2]).toBe(t);
        expect(recordTimeKeys.readKey(buffer, offset, end)).toBe(t);
      },
    ),
    { numRuns: 2000 },
  );
});

test('keys read one after another from one buffer each give their own time', () => {
  const buffer = Buffer.alloc(1024);
  for (const t of [5, 1_700_000_000_000, 0, 42.5, Number.MAX_SAFE_INTEGER]) {
    const end = writeKey(['usr_1', 'dev_a', t], buffer, 0);
    expect(recordTimeKeys.readKey(buffer, 0, end)).toBe(t);
  }
});

test('a key that does not end with a time is refused, -0 included', () => {
  for (const key of <Key[][]>[
    ['usr_1', 'dev_a', 'x'],
    ['usr_1', 'dev_a', -0],
    ['usr_1', 'dev_a'],
  ]) {
    const { buffer, end } = encoded(key, 3);
    expect(() => recordTimeKeys.readKey(buffer, 3, end)).toThrow(/does not end with a time/);
  }
  // A negative number is no time either, but it is a number: read as ordered-binary reads it.
  const { buffer, end } = encoded(['usr_1', 'dev_a', -5], 0);
  expect(recordTimeKeys.readKey(buffer, 0, end)).toBe(-5);
});
