/**
 * The compact log format, for the watch's flash. A log is a sequence of frames:
 *
 *   frame   = length:varint  payload:length bytes  crc:2 bytes (CRC-16 of length and payload)
 *   payload = type:byte  fields…
 *
 * Frames are self-delimiting, so a log is append-only; a torn last frame (cut short, or with a
 * bad CRC) is detected and dropped. State carried from frame to frame, rebuilt by reading from
 * the start: the current device (set by a DEVICE frame), the previous record's `t` (times are
 * zigzag deltas from it; the first is from 0) and a tag dictionary (each tag written in full the
 * first time, then by its index; at most MAX_DICTIONARY entries).
 *
 * type byte: low 3 bits the frame type; for a ping answer, FLAG_AUTO and FLAG_NOTE.
 *   DEVICE: device id as UTF-8 (the rest of the payload)
 *   PING:   Δt:signed  (ping − floor(t / 1000)):signed  count:varint  tag×count  [note]
 *           tag  = varint (index << 1) for a dictionary tag, or (byteLength << 1 | 1) + UTF-8
 *           note = byteLength:varint + UTF-8
 *   TAG, CONFIG, ERROR, EVENT, COMMAND: Δt:signed  body as canonical JSON in UTF-8 (the rest)
 */
export const FRAME = {
  DEVICE: 0,
  PING: 1,
  TAG: 2,
  CONFIG: 3,
  ERROR: 4,
  EVENT: 5,
  COMMAND: 6,
} as const;

export const FLAG_AUTO = 0x08;
export const FLAG_NOTE = 0x10;
export const TYPE_MASK = 0x07;
export const MAX_DICTIONARY = 4096;
