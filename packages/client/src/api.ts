import { type Cursor, formatCursor, type LogRecord, parseCursor } from '@tagtime/log';
import { OfflineError, SyncError } from './errors.js';

/** The part of `fetch` the client uses, so tests and apps can pass their own. */
export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface PushAnswer {
  accepted: number;
  duplicates: number;
  head: number;
}

export interface RecordsPage {
  records: LogRecord[];
  cursor: Cursor;
  more: boolean;
}

export interface PairAnswer {
  device: string;
  token: string;
}

/** One of the user's devices as `GET /v1/devices` lists it. */
export interface DeviceInfo {
  id: string;
  name: string;
  kind: string;
  revoked: boolean;
  /** True for the device of this token. */
  self: boolean;
}

/** Sync protocol v1 calls (DESIGN.md) over HTTP; one instance per server and device token. */
export class SyncApi {
  readonly baseUrl: string;

  constructor(
    baseUrl: string,
    private readonly token: string | undefined,
    private readonly fetchImpl: FetchLike = (input, init) => globalThis.fetch(input, init),
  ) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  pair(code: string, name: string, kind: string): Promise<PairAnswer> {
    return this.#call<PairAnswer>('POST', '/v1/pair', { code, name, kind });
  }

  postRecords(records: readonly LogRecord[]): Promise<PushAnswer> {
    return this.#call<PushAnswer>('POST', '/v1/records', { records });
  }

  async getRecords(after: Cursor, limit: number): Promise<RecordsPage> {
    const query = new URLSearchParams({ after: formatCursor(after), limit: String(limit) });
    const page = await this.#call<{ records: LogRecord[]; cursor: unknown; more: boolean }>(
      'GET',
      `/v1/records?${query}`,
    );
    if (!Array.isArray(page.records)) throw malformed('GET /v1/records', 'records');
    return { records: page.records, cursor: readCursor(page.cursor), more: page.more === true };
  }

  async getHeads(): Promise<Record<string, number>> {
    const answer = await this.#call<{ heads: Record<string, number> }>('GET', '/v1/heads');
    if (typeof answer.heads !== 'object' || answer.heads === null) {
      throw malformed('GET /v1/heads', 'heads');
    }
    return answer.heads;
  }

  async getDevices(): Promise<DeviceInfo[]> {
    const answer = await this.#call<{ devices: DeviceInfo[] }>('GET', '/v1/devices');
    if (!Array.isArray(answer.devices)) throw malformed('GET /v1/devices', 'devices');
    return answer.devices;
  }

  /** Renames the device of this token (one paired with a token made elsewhere). */
  renameSelf(name: string): Promise<DeviceInfo> {
    return this.#call<DeviceInfo>('PATCH', '/v1/devices/self', { name });
  }

  /** Headers every authenticated call carries. */
  authHeaders(): Record<string, string> {
    return this.token ? { authorization: `Bearer ${this.token}` } : {};
  }

  async #call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json', ...this.authHeaders() };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await this.fetchImpl(`${this.baseUrl}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      const reason = error instanceof Error ? (causeText(error) ?? error.message) : String(error);
      throw new OfflineError(`cannot reach the server at ${this.baseUrl} (${reason})`, {
        cause: error,
      });
    }
    const text = await response.text();
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    if (!response.ok) throw errorFrom(method, path, response.status, json, text);
    if (typeof json !== 'object' || json === null) {
      throw new SyncError(
        `${method} ${path} answered ${response.status} without a JSON object`,
        response.status,
        'bad_response',
      );
    }
    return json as T;
  }
}

function causeText(error: Error): string | undefined {
  const cause = error.cause;
  if (cause instanceof Error) return (cause as { code?: string }).code ?? cause.message;
  return undefined;
}

function errorFrom(
  method: string,
  path: string,
  status: number,
  json: unknown,
  text: string,
): SyncError {
  const error = (json as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  const code = typeof error?.code === 'string' ? error.code : `http_${status}`;
  const message =
    typeof error?.message === 'string' ? error.message : text.slice(0, 200) || 'no details given';
  return new SyncError(
    `${method} ${path.split('?')[0]} failed (${status}): ${message}`,
    status,
    code,
  );
}

function readCursor(value: unknown): Cursor {
  if (typeof value === 'string') return parseCursor(value);
  if (typeof value === 'object' && value !== null) return { ...(value as Cursor) };
  throw malformed('GET /v1/records', 'cursor');
}

function malformed(call: string, field: string): SyncError {
  return new SyncError(`${call} answered without a valid "${field}"`, 0, 'bad_response');
}
