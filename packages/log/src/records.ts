/**
 * The record types of DESIGN.md: every device log is a list of these, strictly increasing in `t`.
 * `(device, t)` is a record's id.
 */

/** Any value JSON can carry (no `undefined`, no non-finite numbers). */
export type JsonValue =
  | null
  | boolean
  | number
  | string
  | JsonValue[]
  | { [key: string]: JsonValue };

export type RecordKind = 'ping' | 'tag' | 'config' | 'error' | 'event' | 'command';

export const RECORD_KINDS: readonly RecordKind[] = [
  'ping',
  'tag',
  'config',
  'error',
  'event',
  'command',
];

/** An answer to the ping at unix second `ping`. */
export interface PingBody {
  ping: number;
  tags: string[];
  note?: string;
  /** Written by a device for a ping nobody answered; any human answer beats it. */
  auto?: true;
}

/** Category data for a tag. */
export interface TagBody {
  tag: string;
  category?: string;
  color?: string;
}

/** One key of the user's configuration; the latest value wins. */
export interface ConfigBody {
  key: string;
  value: JsonValue;
}

export interface ErrorBody {
  message: string;
  stack?: string;
  context?: JsonValue;
}

export interface EventBody {
  name: string;
  data?: JsonValue;
}

export interface RenameTagCommand {
  op: 'rename-tag';
  from: string;
  to: string;
}

export interface DeletePingCommand {
  op: 'delete-ping';
  ping: number;
}

/** Commands change the view of the records before them in merged order, never the records. */
export type CommandBody = RenameTagCommand | DeletePingCommand;

export interface BodyOfKind {
  ping: PingBody;
  tag: TagBody;
  config: ConfigBody;
  error: ErrorBody;
  event: EventBody;
  command: CommandBody;
}

interface RecordOf<K extends RecordKind> {
  /** Device id, 1–64 of `[A-Za-z0-9_-]`. */
  device: string;
  /** Integer unix time of entry in ms; strictly increasing within the device's log. */
  t: number;
  kind: K;
  body: BodyOfKind[K];
}

export type PingRecord = RecordOf<'ping'>;
export type TagRecord = RecordOf<'tag'>;
export type ConfigRecord = RecordOf<'config'>;
export type ErrorRecord = RecordOf<'error'>;
export type EventRecord = RecordOf<'event'>;
export type CommandRecord = RecordOf<'command'>;

/** A record of any kind, discriminated by `kind`. */
export type LogRecord =
  | PingRecord
  | TagRecord
  | ConfigRecord
  | ErrorRecord
  | EventRecord
  | CommandRecord;

/** A record before a device stamps its `device` and `t`. */
export type RecordDraft = { [K in RecordKind]: { kind: K; body: BodyOfKind[K] } }[RecordKind];

export interface Batch {
  records: LogRecord[];
}

/** A record's id. */
export interface RecordId {
  device: string;
  t: number;
}

/** Size limits every app enforces through this package. Bytes are of canonical JSON in UTF-8. */
export const LIMITS = {
  recordBytes: 8192,
  batchRecords: 5000,
  batchBytes: 1048576,
  tagMaxLength: 64,
} as const;

/**
 * How far after the receiver's clock a record's `t` may be (24 hours): room for device clocks
 * that are off, even by a time-zone mistake (offsets stay under 15 hours), while a record from
 * the far future cannot end a log's growth (every later `t` must be greater). Checked when the
 * validator is given `now` (the server always gives it).
 */
export const MAX_FUTURE_MS = 24 * 60 * 60 * 1000;

export const DEVICE_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
