import { type LogQuery, LogQueryError, parseLogQuery } from '@tagtime/log';
import { AppError } from '../errors.js';
import { kindOfJson } from '../store/bucket-counts.js';
import type { StoredRecord } from '../store/log-store.js';

/** What the support queries need to know of a user's device. */
export interface DeviceLabel {
  id: string;
  name: string | null;
  kind: string | null;
}

/** A parsed query made concrete for one user: device ids, kinds, text, time range. */
export interface ResolvedQuery {
  /** The device logs to read (never empty unless the user has none). */
  devices: string[];
  /** The kinds to keep; undefined keeps every kind. */
  kinds: ReadonlySet<string> | undefined;
  /** Texts every kept body contains (any case), and texts none does. */
  text: string[];
  notText: string[];
  /** Unix ms, both included. */
  from: number;
  to: number;
}

const ALL_KINDS = ['ping', 'tag', 'config', 'error', 'event', 'command'];

/** Parses the `q` parameter, turning a bad query into a 400 that points at the term. */
export function parseQueryParam(text: string | undefined): LogQuery {
  try {
    return parseLogQuery(text ?? '');
  } catch (error) {
    if (error instanceof LogQueryError) {
      throw new AppError('invalid_input', `q: ${error.message}`, { path: 'q', at: error.at });
    }
    throw error;
  }
}

/** The devices a `device:` value names: by id, by kind, or by a part of the name (any case). */
function devicesNamed(value: string, devices: readonly DeviceLabel[]): string[] {
  const lower = value.toLowerCase();
  const byId = devices.filter((device) => device.id === value);
  if (byId.length > 0) return byId.map((device) => device.id);
  return devices
    .filter(
      (device) =>
        device.kind?.toLowerCase() === lower || device.name?.toLowerCase().includes(lower),
    )
    .map((device) => device.id);
}

function describeDevices(devices: readonly DeviceLabel[]): string {
  const shown = devices.slice(0, 8).map((device) => `${device.name ?? '?'} (${device.id})`);
  return devices.length === 0 ? 'the user has none' : `the user has ${shown.join(', ')}`;
}

/**
 * Makes a query concrete for the user's devices (`devices` lists every log of the user, with
 * the name and kind the console knows, if any). A `device:` value naming none of them is a 400
 * that lists the devices there are, so a typo is not read as "no records".
 */
export function resolveQuery(
  query: LogQuery,
  devices: readonly DeviceLabel[],
  range: { from: number; to: number },
): ResolvedQuery {
  let chosen = devices.map((device) => device.id);
  if (query.devices.length > 0) {
    const named = new Set<string>();
    for (const value of query.devices) {
      const matches = devicesNamed(value, devices);
      if (matches.length === 0) {
        throw new AppError(
          'invalid_input',
          `q: device:${value} names none of the user's devices; ${describeDevices(devices)}.`,
          { path: 'q' },
        );
      }
      for (const id of matches) named.add(id);
    }
    chosen = chosen.filter((id) => named.has(id));
  }
  const excluded = new Set(query.notDevices.flatMap((value) => devicesNamed(value, devices)));
  chosen = chosen.filter((id) => !excluded.has(id));
  let kinds: Set<string> | undefined;
  if (query.kinds.length > 0 || query.notKinds.length > 0) {
    const base = query.kinds.length > 0 ? query.kinds : ALL_KINDS;
    kinds = new Set(base.filter((kind) => !(query.notKinds as string[]).includes(kind)));
  }
  return {
    devices: chosen.sort(),
    kinds,
    text: query.text,
    notText: query.notText,
    from: range.from,
    to: range.to,
  };
}

/** Whether the query looks into record bodies (which no index can answer). */
export function hasText(query: ResolvedQuery): boolean {
  return query.text.length > 0 || query.notText.length > 0;
}

/** The body of canonical JSON: keys are sorted, so it is everything before `,"device":`. */
function bodyOf(json: string): string {
  const end = json.lastIndexOf(',"device":"');
  return end > 8 ? json.slice(8, end) : json;
}

/** A case-insensitive search for a literal text. */
function finder(text: string): RegExp {
  return new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
}

/** A predicate on stored records for the kinds and text of a query (devices and time aside). */
export function recordMatcher(query: ResolvedQuery): (record: StoredRecord) => boolean {
  const { kinds } = query;
  const wanted = query.text.map(finder);
  const unwanted = query.notText.map(finder);
  const textual = wanted.length + unwanted.length > 0;
  return (record) => {
    if (kinds !== undefined && !kinds.has(kindOfJson(record.json))) return false;
    if (!textual) return true;
    const body = bodyOf(record.json);
    return wanted.every((re) => re.test(body)) && !unwanted.some((re) => re.test(body));
  };
}
