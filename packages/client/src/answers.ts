// The server's answers, checked without zod on the way every call takes. The protocol's zod
// schemas (@tagtime/log/protocol) stay the judge: each guard here only says "this is the
// protocol's shape, and here it is" or "not sure", and an answer a guard declines is loaded into
// the schema (a lazy import, so zod is loaded only then), which accepts it or names the field at
// fault. A guard may decline a valid answer, never accept an invalid one
// (test/answer-guards.test.ts plays random answers through both).
import { DEVICE_ID_PATTERN } from '@tagtime/log/core';
import type {
  AppendResult,
  DeviceInfo,
  DeviceKind,
  Heads,
  PairResult,
  StreamEvent,
} from '@tagtime/log/protocol';

type Fields = Record<string, unknown>;

/** A records page without its records, which are checked one by one by the record rules. */
export interface PageEnvelope {
  cursor: string;
  more: boolean;
}

/** The protocol's schema each guard stands in for (exported by @tagtime/log/protocol). */
export type AnswerSchemaName =
  | 'appendResultSchema'
  | 'pairResultSchema'
  | 'headsSchema'
  | 'devicesListSchema'
  | 'deviceInfoSchema'
  | 'recordsPageEnvelope';

/** Tied to the protocol's list by its type: a kind added there fails to compile here. */
const DEVICE_KINDS: Record<DeviceKind, true> = {
  watch: true,
  phone: true,
  desktop: true,
  web: true,
  cli: true,
};

function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A record time or a head: integer unix ms, as `recordTimeSchema`. */
function isRecordTime(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

function isCount(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

function isDeviceId(value: unknown): value is string {
  return typeof value === 'string' && DEVICE_ID_PATTERN.test(value);
}

export function appendResultOf(json: unknown): AppendResult | undefined {
  if (!isObject(json)) return undefined;
  const { accepted, duplicates, head } = json;
  if (!isCount(accepted) || !isCount(duplicates)) return undefined;
  if (head !== null && !isRecordTime(head)) return undefined;
  return { accepted, duplicates, head };
}

export function pairResultOf(json: unknown): PairResult | undefined {
  if (!isObject(json)) return undefined;
  const { device, token } = json;
  if (!isDeviceId(device) || typeof token !== 'string' || token.length === 0) return undefined;
  return { device, token };
}

export function headsOf(json: unknown): Heads | undefined {
  if (!isObject(json) || !isObject(json.heads)) return undefined;
  const heads: Record<string, number> = {};
  for (const [device, head] of Object.entries(json.heads)) {
    // `__proto__` would not be an own key of a plain object made here; the schema decides it.
    if (!isRecordTime(head) || device === '__proto__') return undefined;
    heads[device] = head;
  }
  return { heads };
}

export function deviceInfoOf(json: unknown): DeviceInfo | undefined {
  if (!isObject(json)) return undefined;
  const { id, name, kind, revoked, self } = json;
  if (!isDeviceId(id) || typeof name !== 'string' || name.length < 1 || name.length > 100) {
    return undefined;
  }
  if (typeof kind !== 'string' || !Object.hasOwn(DEVICE_KINDS, kind)) return undefined;
  if (typeof revoked !== 'boolean' || typeof self !== 'boolean') return undefined;
  return { id, name, kind: kind as DeviceKind, revoked, self };
}

export function devicesListOf(json: unknown): { devices: DeviceInfo[] } | undefined {
  if (!isObject(json) || !Array.isArray(json.devices)) return undefined;
  const devices: DeviceInfo[] = [];
  for (const item of json.devices) {
    const device = deviceInfoOf(item);
    if (!device) return undefined;
    devices.push(device);
  }
  return { devices };
}

export function pageEnvelopeOf(json: unknown): PageEnvelope | undefined {
  if (!isObject(json)) return undefined;
  const { cursor, more } = json;
  return typeof cursor === 'string' && typeof more === 'boolean' ? { cursor, more } : undefined;
}

/** The SSE event name of a "log updated" event, typed as the protocol's, so the two cannot differ. */
export const STREAM_EVENT_NAME: typeof import('@tagtime/log/protocol').STREAM_EVENT_NAME = 'log';

/**
 * The event in the `data` of one stream message (as `parseStreamEvent` of the protocol reads
 * it); undefined for anything else: a reader skips what it cannot read rather than ending, and
 * the next event of the same log carries its head again.
 */
export function streamEventOf(data: unknown): StreamEvent | undefined {
  if (typeof data !== 'string') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return undefined; // a keep-alive or a message of a later protocol version
  }
  if (!isObject(value)) return undefined;
  const { device, head } = value;
  return isDeviceId(device) && isRecordTime(head) ? { device, head } : undefined;
}

/** The code and message of an error answer in the protocol's shape (`errorBodySchema`). */
export function errorOf(json: unknown): { code: string; message: string } | undefined {
  if (!isObject(json) || !isObject(json.error)) return undefined;
  const { code, message } = json.error;
  return typeof code === 'string' && typeof message === 'string' ? { code, message } : undefined;
}
