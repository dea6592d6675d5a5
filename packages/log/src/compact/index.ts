// The compact encoding alone, for the watch: no zod, no Intl, no Node APIs.
export {
  CompactDecodeError,
  type DecodedCompactLog,
  decodeCompactLog,
  resumeCompactLog,
} from './decode.js';
export { CompactEncoder, encodeCompactLog } from './encode.js';
