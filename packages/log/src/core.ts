// Everything of @tagtime/log but the record rules' zod schema and the validator built on it
// (`@tagtime/log/core`): what an app imports to keep zod out of its start-up (the sync client, the
// CLI). A bundler splits code by file, so importing the full barrel would put the schema, and zod
// with it, in the first chunk as soon as anything loads the validator lazily. Records are checked
// here by `validateRecordFast`, with `@tagtime/log/validate` loaded for those it declines.
export { canonicalJson, encodedSize, sameRecord } from './canonical.js';
export { DeviceClock, stampTimes } from './clock.js';
export {
  CompactDecodeError,
  type DecodedCompactLog,
  decodeCompactLog,
  resumeCompactLog,
} from './compact/decode.js';
export { CompactEncoder, encodeCompactLog } from './compact/encode.js';
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
  emptyLogQuery,
  formatLogQuery,
  type LogQuery,
  LogQueryError,
  MAX_QUERY_LENGTH,
  parseLogQuery,
  toggleLogQueryTerm,
} from './query.js';
export { kindOfCanonicalRecord } from './record-json.js';
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
  MAX_FUTURE_MS,
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
  AUTO_TAGS,
  isOriginalAutoTags,
  type LineError,
  parseTagTimeLog,
  type TagTimeLine,
  TagTimeLogError,
  tagTimeComment,
  tagTimeDate,
  tagTimeLinesToRecords,
  writeTagTimeLog,
} from './tagtime-format.js';
export { decodeUtf8, encodeUtf8, utf8Length, writeUtf8 } from './utf8.js';
export type {
  BatchResult,
  RecordResult,
  ValidateOptions,
  ValidationCode,
  ValidationError,
} from './validate.js';
export { validateRecordFast } from './validate-fast.js';
export type { Answer } from './views/answers.js';
export type { DiagnosticCount } from './views/diagnostics.js';
export {
  type AnsweredTags,
  frecencyWeight,
  HALF_LIFE_SECONDS,
  type TagSnapshot,
  topTags,
} from './views/frecency.js';
export {
  type AddResult,
  foldLog,
  LogView,
  type LogViewOptions,
  type TagInfo,
} from './views/log-view.js';
export {
  type DayStatus,
  type PingState,
  type PingStatusOptions,
  type PingStatusReport,
  pingStatus,
} from './views/ping-status.js';
export {
  parseQuietHours,
  QUIET_HOURS_KEY,
  type QuietHours,
  quietUntil,
} from './views/quiet-hours.js';
export { RenameChain } from './views/renames.js';
export {
  changeEntries,
  entryMeta,
  type StateEntry,
  type StateEntryKey,
  stateEntries,
  stateFromEntries,
} from './views/state-entries.js';
export {
  type PeriodTotals,
  type TagStatistics,
  type TagStatisticsOptions,
  type TagTotal,
  tagStatistics,
} from './views/stats.js';
export {
  SNAPSHOT_RENAMES,
  SNAPSHOT_TAGS,
  scoreAnswers,
  tagSnapshot,
} from './views/tag-snapshot.js';
export { isNewTagTimeLine, tagTimeImport, tagTimeLineDraft } from './views/tagtime-import.js';
export {
  type DiagnosticSpan,
  entriesTouchedBy,
  type TouchedEntries,
} from './views/touched.js';
export {
  type PackedPingsJson,
  type PingVersionedView,
  packedViewJson,
  packViewState,
} from './views/view-pack.js';
export { viewPingStatus, viewStats } from './views/view-reports.js';
export {
  checkLogViewState,
  type KeptAnswer,
  type KeptConfig,
  type KeptPing,
  type KeptRename,
  type KeptTag,
  LOG_VIEW_STATE_VERSION,
  type LogViewChanges,
  type LogViewState,
} from './views/view-state.js';
export {
  type PackedAnswer,
  type PackedCount,
  type PackedPing,
  type PackedViewState,
  unpackViewState,
} from './views/view-wire.js';
export {
  dayOf,
  formatLocalTime,
  localTime,
  nextDay,
  startOfDay,
  weekOf,
  zoneOffset,
} from './views/zone.js';
