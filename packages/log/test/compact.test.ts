import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CompactDecodeError,
  CompactEncoder,
  canonicalJson,
  decodeCompactLog,
  encodeCompactLog,
  type JsonValue,
  type LogRecord,
  resumeCompactLog,
} from '../src/index.js';
import { anyString, deviceLogs, recordSetArb } from './arbitraries.js';

const answer: LogRecord = {
  device: 'watch-1',
  t: 1700003412345,
  kind: 'ping',
  body: { ping: 1700003368, tags: ['work', 'code'] },
};

/** Records as they would arrive from the server: canonical JSON form. */
const asJson = (records: readonly LogRecord[]) => records.map((r) => JSON.parse(canonicalJson(r)));

const utf8 = { encoder: new TextEncoder(), decoder: new TextDecoder() };

/** `value` with every string as UTF-8 would carry it (lone surrogates replaced by U+FFFD). */
function wellFormed(value: unknown): unknown {
  if (typeof value === 'string') return utf8.decoder.decode(utf8.encoder.encode(value));
  if (Array.isArray(value)) return value.map(wellFormed);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [wellFormed(k), wellFormed(v)]),
    );
  }
  return value;
}

/** Any valid device log: one device, increasing t, any mix of kinds and strings. */
const deviceLogArb = recordSetArb(40).map((records) => deviceLogs(records)[0] ?? []);

/** End offsets of every frame (device frames included): `length varint, payload, 2 CRC bytes`. */
function frameEnds(bytes: Uint8Array): number[] {
  const ends: number[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    let length = 0;
    let scale = 1;
    let b: number;
    do {
      b = bytes[offset++] as number;
      length += (b & 0x7f) * scale;
      scale *= 128;
    } while (b >= 0x80);
    offset += length + 2;
    ends.push(offset);
  }
  return ends;
}

describe('compact encoding', () => {
  it('takes at most 48 bytes for a ping answer with two short tags, even the first one', () => {
    const encoder = new CompactEncoder();
    const first = encoder.encode(answer);
    expect(first.length).toBeLessThanOrEqual(48); // includes the one-off device frame
    const later = encoder.encode({
      ...answer,
      t: answer.t + 2_700_000,
      body: { ping: 1700006071, tags: ['eat', 'home'] },
    });
    expect(later.length).toBeLessThanOrEqual(48);
    const again = encoder.encode({
      ...answer,
      t: answer.t + 5_400_000,
      body: { ping: 1700008771, tags: ['work', 'code'] },
    });
    expect(again.length).toBeLessThan(later.length); // known tags are dictionary references
  });

  it('round-trips any log against its JSON form (property)', () => {
    fc.assert(
      fc.property(recordSetArb(60), (records) => {
        const decoded = decodeCompactLog(encodeCompactLog(records));
        expect(decoded.torn).toBe(false);
        expect(asJson(decoded.records)).toEqual(asJson(records));
      }),
      { numRuns: 2000 },
    );
  });

  it('round-trips any strings, notes and JSON bodies', () => {
    fc.assert(
      fc.property(
        anyString(20),
        fc.oneof(
          fc.constant(null),
          fc.boolean(),
          fc.integer(),
          fc.double({ noNaN: true, noDefaultInfinity: true }),
          fc.string({ maxLength: 10 }),
          fc.array(fc.string({ maxLength: 5 }), { maxLength: 4 }),
          fc.dictionary(fc.string({ maxLength: 5 }), fc.oneof(fc.integer(), fc.string()), {
            maxKeys: 4,
          }),
        ),
        fc.integer({ min: -100_000, max: 100_000 }),
        (text, value, skew) => {
          const records: LogRecord[] = [
            {
              ...answer,
              body: { ping: 1700003368 + skew, tags: ['é', '日本'], note: text, auto: true },
            },
            {
              ...answer,
              t: answer.t + 1,
              kind: 'config',
              body: { key: 'k', value: value as JsonValue },
            },
            { ...answer, t: answer.t + 2, kind: 'error', body: { message: text } },
          ];
          // Ping text is raw UTF-8, where a lone surrogate becomes U+FFFD as in any encoder;
          // other bodies are JSON text, whose \u escapes keep even lone surrogates.
          const [ping, ...others] = asJson(records);
          const expected = [wellFormed(ping), ...others];
          expect(asJson(decodeCompactLog(encodeCompactLog(records)).records)).toEqual(expected);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('loses only the torn record when a write is cut short at any byte (property)', () => {
    fc.assert(
      fc.property(
        deviceLogArb.filter((log) => log.length > 0),
        fc.nat(),
        (log, at) => {
          const bytes = encodeCompactLog(log);
          const cut = at % bytes.length;
          // Whole records are those whose bytes all precede the cut.
          let whole = 0;
          while (whole < log.length && encodeCompactLog(log.slice(0, whole + 1)).length <= cut)
            whole++;
          const boundaries = [0, ...frameEnds(bytes)].filter((end) => end <= cut);
          const decoded = decodeCompactLog(bytes.subarray(0, cut));
          expect(decoded.records).toEqual(log.slice(0, whole));
          expect(decoded.validBytes).toBe(boundaries[boundaries.length - 1]);
          expect(decoded.torn).toBe(decoded.validBytes !== cut);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('drops a last frame whose bytes were not all written (checksum), keeps the rest', () => {
    fc.assert(
      fc.property(
        deviceLogArb.filter((log) => log.length > 0),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        (log, at, flip) => {
          const bytes = encodeCompactLog(log);
          const ends = frameEnds(bytes);
          const lastStart = ends[ends.length - 2] ?? 0;
          const damaged = bytes.slice();
          // Damage a byte of the last frame after its length varint (payload or checksum).
          let payloadStart = lastStart;
          while ((bytes[payloadStart] as number) >= 0x80) payloadStart++;
          payloadStart++;
          const index = payloadStart + (at % (bytes.length - payloadStart));
          damaged[index] = (damaged[index] as number) ^ flip;
          const decoded = decodeCompactLog(damaged);
          expect(decoded.torn).toBe(true);
          expect(decoded.records).toEqual(log.slice(0, -1));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('throws on damage before the last frame instead of guessing', () => {
    const log: LogRecord[] = [
      answer,
      { ...answer, t: answer.t + 1 },
      { ...answer, t: answer.t + 2 },
    ];
    const bytes = encodeCompactLog(log);
    const index = (frameEnds(bytes)[1] as number) + 3; // inside the second record's frame
    bytes[index] = (bytes[index] as number) ^ 0x40;
    expect(() => decodeCompactLog(bytes)).toThrow(CompactDecodeError);
    expect(() => decodeCompactLog(bytes)).toThrow(
      /^frame at byte \d+ fails its checksum and is not the last$/,
    );
  });

  it('resumes a log after a crash: truncate at validBytes, append with the returned encoder', () => {
    fc.assert(
      fc.property(deviceLogArb, deviceLogArb, fc.nat(), (before, after, at) => {
        const bytes = encodeCompactLog(before);
        const cut = bytes.length === 0 ? 0 : at % (bytes.length + 1);
        const { records, validBytes, encoder } = resumeCompactLog(bytes.subarray(0, cut));
        const last = records[records.length - 1]?.t ?? 0;
        const more = after.map((r, i) => ({
          ...r,
          device: before[0]?.device ?? r.device,
          t: last + 1 + i,
        }));
        const appended = more.map((r) => encoder.encode(r));
        const file = new Uint8Array(validBytes + appended.reduce((n, a) => n + a.length, 0));
        file.set(bytes.subarray(0, validBytes));
        let offset = validBytes;
        for (const chunk of appended) {
          file.set(chunk, offset);
          offset += chunk.length;
        }
        expect(decodeCompactLog(file).records).toEqual([...records, ...more]);
      }),
      { numRuns: 500 },
    );
  });
});
