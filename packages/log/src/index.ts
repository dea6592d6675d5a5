export { canonicalJson, encodedSize, sameRecord } from './canonical.js';
export { DeviceClock, stampTimes } from './clock.js';
export {
  advanceCursor,
  type Cursor,
  CursorError,
  formatCursor,
  isAfterCursor,
  parseCursor,
} from './cursor.js';
export { findNonJson, isJsonValue } from './json-value.js';
export { MergeOrderError, mergeLogs, mergeLogsSync } from './merge.js';
export { compareRecords, sameId } from './order.js';
export {
  type Batch,
  type BodyOfKind,
  type CommandBody,
  type CommandRecord,
  type ConfigBody,
  type ConfigRecord,
  DEVICE_ID_PATTERN,
  type DeletePingCommand,
  type ErrorBody,
  type ErrorRecord,
  type EventBody,
  type EventRecord,
  type JsonValue,
  LIMITS,
  type LogRecord,
  type PingBody,
  type PingRecord,
  RECORD_KINDS,
  type RecordDraft,
  type RecordId,
  type RecordKind,
  type RenameTagCommand,
  type TagBody,
  type TagRecord,
} from './records.js';
export {
  batchSchema,
  commandBodySchema,
  configBodySchema,
  deviceIdSchema,
  errorBodySchema,
  eventBodySchema,
  jsonValueSchema,
  pingBodySchema,
  pingTimeSchema,
  recordSchema,
  recordTimeSchema,
  tagBodySchema,
  tagSchema,
} from './schema.js';
export { decodeUtf8, encodeUtf8, utf8Length, writeUtf8 } from './utf8.js';
export {
  type BatchResult,
  formatPath,
  type RecordResult,
  type ValidationCode,
  type ValidationError,
  validateBatch,
  validateRecord,
} from './validate.js';
