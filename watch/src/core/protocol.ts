// Types only from the server's protocol: the watch runs no zod, and esbuild drops type imports.
import type { AppendResult } from '@tagtime/log/protocol';
import type { WatchConfig } from './config.js';
import type { TagSnapshot } from './suggestions.js';

/**
 * The watch ↔ phone message protocol (documented in watch/README.md). The watch asks, the side
 * service answers; every request's params and every answer carry `v`. A side service that
 * receives a newer `v` than it knows answers the `version` error instead of guessing; an older
 * `v` gets the answers of that version.
 */
export const PROTOCOL_VERSION = 2;

/** The first version whose push answers hand refused records back (`refused`) and carry `now`. */
export const REFUSALS_VERSION = 2;

/** Raw bytes of compact frames per `push` page: base64 makes ~2.7 KB, under zml's 3.5 KB chunk. */
export const PAGE_BYTES = 2048;

export interface PushParams {
  v: number;
  /** A standalone compact log (device `watch`), base64: the next unacknowledged records. */
  page: string;
  count: number;
  /** More unacknowledged records wait after this page. */
  more: boolean;
}

/** A record of the page that the server will never store, and why (a sentence to show). */
export interface Refusal {
  t: number;
  reason: string;
}

/** `accepted` and `duplicates` are the server's counts (`POST /v1/records`), passed on. */
export interface PushAnswer extends Pick<AppendResult, 'accepted' | 'duplicates'> {
  v: number;
  /** `t` of the last record the server has stored, or null when it has none of this watch's. */
  acked: number | null;
  /**
   * v2: the page's records the server refused (the phone kept none of them). The watch sets them
   * aside; every other record of the page is at or before `acked`.
   */
  refused?: Refusal[];
  /** v2: the phone's clock (unix ms) when it answered, which the watch takes as the time. */
  now?: number;
}

export interface PullParams {
  v: number;
  /** Records still on the watch (for the settings app's status). */
  unsynced: number;
  /** The watch's acknowledged point, so the snapshot can say which answers it includes. */
  acked: number | null;
}

export interface PullAnswer {
  v: number;
  snapshot: TagSnapshot;
  config: WatchConfig;
  /** The paired device's name in the console, for the home page. */
  device: string;
  /** v2: the phone's clock (unix ms) when it answered. */
  now?: number;
}

export type ProtocolErrorCode =
  | 'not_paired'
  | 'offline'
  | 'revoked'
  | 'rejected'
  | 'bad_request'
  | 'version';

/** What a failed request rejects with: `code` to act on, `message` to show. */
export interface ProtocolError {
  v: number;
  code: ProtocolErrorCode;
  message: string;
}

type Request = { method: 'push'; params: PushParams } | { method: 'pull'; params: PullParams };

const CODES: readonly string[] = [
  'not_paired',
  'offline',
  'revoked',
  'rejected',
  'bad_request',
  'version',
];

export function protocolError(code: ProtocolErrorCode, message: string): ProtocolError {
  return { v: PROTOCOL_VERSION, code, message };
}

/** A rejection as a protocol error: BLE failures and timeouts become `offline`. */
export function asProtocolError(error: unknown): ProtocolError {
  const value = error as Partial<ProtocolError> & { message?: unknown; reason?: unknown };
  if (value && typeof value.code === 'string' && CODES.includes(value.code)) {
    return protocolError(value.code as ProtocolErrorCode, String(value.message ?? value.code));
  }
  const reason = value?.reason ?? value?.message ?? String(error);
  return protocolError('offline', `The phone is not reachable (${String(reason)}).`);
}

/** Checks a request from the watch; returns the error to answer with, or the typed request. */
export function readRequest(input: unknown): Request | ProtocolError {
  const request = input as { method?: unknown; params?: Record<string, unknown> } | undefined;
  const params = request?.params;
  if (typeof params !== 'object' || params === null) {
    return protocolError('bad_request', 'request without params');
  }
  if (typeof params.v !== 'number' || params.v < 1) {
    return protocolError('bad_request', 'params.v must be a protocol version');
  }
  if (params.v > PROTOCOL_VERSION) {
    return protocolError(
      'version',
      `the watch speaks protocol ${params.v}, this phone app ${PROTOCOL_VERSION}: update the phone app`,
    );
  }
  if (request?.method === 'push') {
    if (typeof params.page !== 'string' || typeof params.count !== 'number') {
      return protocolError('bad_request', 'push needs page (base64) and count');
    }
    return { method: 'push', params: params as unknown as PushParams };
  }
  if (request?.method === 'pull') {
    return {
      method: 'pull',
      params: {
        v: params.v,
        unsynced: Number(params.unsynced) || 0,
        acked: typeof params.acked === 'number' ? params.acked : null,
      },
    };
  }
  return protocolError('bad_request', `unknown method ${String(request?.method)}`);
}

export function isProtocolError(value: unknown): value is ProtocolError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ProtocolError).code === 'string' &&
    CODES.includes((value as ProtocolError).code) &&
    typeof (value as ProtocolError).message === 'string'
  );
}
