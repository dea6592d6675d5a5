import { canonicalJson } from '../canonical.js';
import type { LogRecord } from '../records.js';
import { encodeUtf8, utf8Length, writeUtf8 } from '../utf8.js';
import { ByteWriter, crc16 } from './bytes.js';
import { FLAG_AUTO, FLAG_NOTE, FRAME } from './format.js';
import { CompactState } from './state.js';

const FRAME_OF_KIND = {
  ping: FRAME.PING,
  tag: FRAME.TAG,
  config: FRAME.CONFIG,
  error: FRAME.ERROR,
  event: FRAME.EVENT,
  command: FRAME.COMMAND,
} as const;

function writeText(out: ByteWriter, text: string): void {
  const length = utf8Length(text);
  out.varint(length);
  out.ensure(length);
  out.length = writeUtf8(text, out.bytes, out.length);
}

/**
 * Writes records as compact frames (see format.ts). Stateful: frames depend on the ones before
 * them, so one encoder writes one log from its start, or continues a log via `resumeCompactLog`.
 */
export class CompactEncoder {
  readonly #state: CompactState;
  readonly #payload = new ByteWriter(256);

  constructor(state: CompactState = new CompactState()) {
    this.#state = state;
  }

  /** The frames for `record` (a DEVICE frame first when the device changes). */
  encode(record: LogRecord): Uint8Array {
    const out = new ByteWriter(64);
    this.write(record, out);
    return out.result();
  }

  /** Appends the frames for `record` to `out`. */
  write(record: LogRecord, out: ByteWriter): void {
    const state = this.#state;
    if (record.device !== state.device) {
      this.#frame(out, () => {
        this.#payload.byte(FRAME.DEVICE);
        this.#payload.raw(encodeUtf8(record.device));
      });
      state.device = record.device;
    }
    this.#frame(out, () => this.#record(record));
    state.prevT = record.t;
  }

  #record(record: LogRecord): void {
    const p = this.#payload;
    const state = this.#state;
    if (record.kind === 'ping') {
      const body = record.body;
      const hasNote = body.note !== undefined;
      p.byte(FRAME.PING | (body.auto ? FLAG_AUTO : 0) | (hasNote ? FLAG_NOTE : 0));
      p.signed(record.t - state.prevT);
      p.signed(body.ping - Math.floor(record.t / 1000));
      p.varint(body.tags.length);
      for (const tag of body.tags) {
        const index = state.tagIndex.get(tag);
        if (index !== undefined) {
          p.varint(index * 2);
          continue;
        }
        const length = utf8Length(tag);
        p.varint(length * 2 + 1);
        p.ensure(length);
        p.length = writeUtf8(tag, p.bytes, p.length);
        state.learn(tag);
      }
      if (hasNote) writeText(p, body.note as string);
      return;
    }
    p.byte(FRAME_OF_KIND[record.kind]);
    p.signed(record.t - state.prevT);
    const json = canonicalJson(record.body);
    p.ensure(utf8Length(json));
    p.length = writeUtf8(json, p.bytes, p.length);
  }

  #frame(out: ByteWriter, fill: () => void): void {
    const p = this.#payload;
    p.length = 0;
    fill();
    const start = out.length;
    out.varint(p.length);
    out.ensure(p.length + 2);
    out.bytes.set(p.bytes.subarray(0, p.length), out.length);
    out.length += p.length;
    const crc = crc16(out.bytes, start, out.length);
    out.bytes[out.length++] = crc >> 8;
    out.bytes[out.length++] = crc & 0xff;
  }
}

/** A whole log in the compact format. */
export function encodeCompactLog(records: Iterable<LogRecord>): Uint8Array {
  const encoder = new CompactEncoder();
  const out = new ByteWriter(4096);
  for (const record of records) encoder.write(record, out);
  return out.result();
}
