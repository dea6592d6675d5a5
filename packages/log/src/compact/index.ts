// The compact encoding alone, for the watch: no zod, no Intl, no Node APIs.

// What the watch needs beside the encoding, without pulling in the validator (zod) or views.
export { DeviceClock } from '../clock.js';
export type { LogRecord, RecordDraft } from '../records.js';
export {
  CompactDecodeError,
  type DecodedCompactLog,
  decodeCompactLog,
  resumeCompactLog,
} from './decode.js';
export { CompactEncoder, encodeCompactLog } from './encode.js';
