import type { JsonValue, LogRecord, PingBody } from '../records.js';
import { decodeUtf8 } from '../utf8.js';
import { ByteReader, crc16, ShortReadError } from './bytes.js';
import { CompactEncoder } from './encode.js';
import { FLAG_AUTO, FLAG_NOTE, FRAME, TYPE_MASK } from './format.js';
import { CompactState } from './state.js';

/** A compact log damaged somewhere other than its last frame: no safe way to go on reading. */
export class CompactDecodeError extends Error {
  override name = 'CompactDecodeError';
}

export interface DecodedCompactLog {
  records: LogRecord[];
  /** Bytes of whole, intact frames: truncate the file here before appending more. */
  validBytes: number;
  /** Whether a torn last frame was found (and dropped). */
  torn: boolean;
}

const KIND_OF_FRAME = ['', 'ping', 'tag', 'config', 'error', 'event', 'command'] as const;

function readFrame(
  bytes: Uint8Array,
  reader: ByteReader,
  state: CompactState,
): LogRecord | undefined {
  const type = reader.byte();
  const frame = type & TYPE_MASK;
  if (frame === FRAME.DEVICE) {
    state.device = decodeUtf8(bytes, reader.offset, reader.end);
    reader.offset = reader.end;
    return undefined;
  }
  const device = state.device;
  if (device === undefined) throw new Error('record frame before any device frame');
  const t = state.prevT + reader.signed();
  state.prevT = t;
  if (frame === FRAME.PING) {
    const ping = Math.floor(t / 1000) + reader.signed();
    const count = reader.varint();
    const tags: string[] = [];
    for (let i = 0; i < count; i++) {
      const code = reader.varint();
      if (code % 2 === 0) {
        const tag = state.tags[code / 2];
        if (tag === undefined) throw new Error(`tag index ${code / 2} is not in the dictionary`);
        tags.push(tag);
      } else {
        const [start, end] = reader.take((code - 1) / 2);
        const tag = decodeUtf8(bytes, start, end);
        tags.push(tag);
        state.learn(tag);
      }
    }
    const body: PingBody = { ping, tags };
    if (type & FLAG_NOTE) {
      const [start, end] = reader.take(reader.varint());
      body.note = decodeUtf8(bytes, start, end);
    }
    if (type & FLAG_AUTO) body.auto = true;
    if (reader.offset !== reader.end) throw new Error('ping frame has bytes left over');
    return { device, t, kind: 'ping', body };
  }
  const kind = KIND_OF_FRAME[frame];
  if (!kind) throw new Error(`unknown frame type ${frame}`);
  const body = JSON.parse(decodeUtf8(bytes, reader.offset, reader.end)) as JsonValue;
  reader.offset = reader.end;
  return { device, t, kind, body } as unknown as LogRecord;
}

function decodeWithState(bytes: Uint8Array): DecodedCompactLog & { state: CompactState } {
  const state = new CompactState();
  const records: LogRecord[] = [];
  const head = new ByteReader(bytes, 0, bytes.length);
  const payload = new ByteReader(bytes, 0, 0);
  let offset = 0;
  while (offset < bytes.length) {
    head.reset(offset, bytes.length);
    let length: number;
    try {
      length = head.varint();
    } catch (error) {
      // A length cut short by the end of the log is a torn write; anything else is damage.
      if (error instanceof ShortReadError && head.offset >= bytes.length) {
        return { records, validBytes: offset, torn: true, state };
      }
      throw new CompactDecodeError(`frame at byte ${offset} has a malformed length`);
    }
    const payloadStart = head.offset;
    const frameEnd = payloadStart + length + 2;
    if (frameEnd > bytes.length) return { records, validBytes: offset, torn: true, state };
    const crc = ((bytes[frameEnd - 2] as number) << 8) | (bytes[frameEnd - 1] as number);
    if (crc16(bytes, offset, frameEnd - 2) !== crc) {
      if (frameEnd === bytes.length) return { records, validBytes: offset, torn: true, state };
      throw new CompactDecodeError(
        `frame at byte ${offset} fails its checksum and is not the last`,
      );
    }
    try {
      const record = readFrame(bytes, payload.reset(payloadStart, frameEnd - 2), state);
      if (record) records.push(record);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new CompactDecodeError(`frame at byte ${offset} is not a valid record: ${reason}`);
    }
    offset = frameEnd;
  }
  return { records, validBytes: offset, torn: false, state };
}

/**
 * Reads a compact log. A torn last frame (cut short or failing its checksum) is dropped and
 * reported; damage anywhere else throws `CompactDecodeError`.
 */
export function decodeCompactLog(bytes: Uint8Array): DecodedCompactLog {
  const { records, validBytes, torn } = decodeWithState(bytes);
  return { records, validBytes, torn };
}

/**
 * Reopens a log for appending after a restart: its records, where to truncate it (dropping a
 * torn tail) and an encoder that continues it.
 */
export function resumeCompactLog(
  bytes: Uint8Array,
): DecodedCompactLog & { encoder: CompactEncoder } {
  const { state, ...decoded } = decodeWithState(bytes);
  return { ...decoded, encoder: new CompactEncoder(state) };
}
