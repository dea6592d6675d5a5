import {
  type Cursor,
  CursorError,
  canonicalJson,
  formatCursor,
  type LogRecord,
  type LogViewState,
  parseCursor,
  type TagSnapshot,
  unpackViewState,
  validateRecordFast,
} from '@tagtime/log/core';
import type { AppendResult, DeviceInfo, PairResult } from '@tagtime/log/protocol';
import {
  type AnswerSchemaName,
  appendResultOf,
  deviceInfoOf,
  devicesListOf,
  errorOf,
  headsOf,
  pageEnvelopeOf,
  pairResultOf,
} from './answers.js';
import { OfflineError, SyncError } from './errors.js';
import { validateRecordLazily } from './record-check.js';

/** The part of `fetch` the client uses, so tests and apps can pass their own. */
export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface RecordsPage {
  /** Each checked by the record rules (`validateRecord`), once. */
  records: LogRecord[];
  /** Each record's canonical JSON, as that check returned it. */
  json: string[];
  cursor: Cursor;
  more: boolean;
}

/** One of the user's devices as `GET /v1/devices` lists it (`self`: this token's device). */
export type { DeviceInfo };

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

  async pair(code: string, name: string, kind: string): Promise<PairResult> {
    return parseAnswer(
      'POST /v1/pair',
      pairResultOf,
      'pairResultSchema',
      await this.#call('POST', '/v1/pair', { code, name, kind }),
    );
  }

  async postRecords(records: readonly LogRecord[]): Promise<AppendResult> {
    return this.postRecordsJson(records.map(canonicalJson));
  }

  /** `postRecords` for records given as their canonical JSON (as validation returned it). */
  async postRecordsJson(json: readonly string[]): Promise<AppendResult> {
    return parseAnswer(
      'POST /v1/records',
      appendResultOf,
      'appendResultSchema',
      await this.#call('POST', '/v1/records', `{"records":[${json.join(',')}]}`),
    );
  }

  /**
   * A page of the user's records after `after`. `unsent`, this device's count of own records
   * not yet acknowledged, tells support how far behind the device is.
   */
  async getRecords(after: Cursor, limit: number, unsent?: number): Promise<RecordsPage> {
    const query = new URLSearchParams({ after: formatCursor(after), limit: String(limit) });
    if (unsent !== undefined) query.set('unsent', String(unsent));
    const call = 'GET /v1/records';
    const answer = await this.#call('GET', `/v1/records?${query}`);
    const page = await parseAnswer(call, pageEnvelopeOf, 'recordsPageEnvelope', answer);
    const list = (answer as { records?: unknown }).records;
    if (!Array.isArray(list)) throw malformed(call, 'records: expected an array');
    // One check per record, the record rules themselves (their fast path, zod where it
    // declines), rather than the protocol's looser record shape and then the rules again.
    const records: LogRecord[] = [];
    const json: string[] = [];
    for (let i = 0; i < list.length; i++) {
      const checked = validateRecordFast(list[i]) ?? (await validateRecordLazily(list[i], i));
      if (!checked.ok) throw malformed(call, checked.error.message);
      records.push(checked.record);
      json.push(checked.json);
    }
    let cursor: Cursor;
    try {
      cursor = parseCursor(page.cursor);
    } catch (error) {
      if (!(error instanceof CursorError)) throw error;
      throw malformed(call, `cursor: ${error.message}`);
    }
    return { records, json, cursor, more: page.more };
  }

  /**
   * The user's view as the server keeps it (`GET /v1/view`, sent packed): every log folded, days
   * in UTC; for `LogView.from`. One read, however long the history.
   */
  async getView(): Promise<LogViewState> {
    const call = 'GET /v1/view';
    const view = ((await this.#call('GET', '/v1/view')) as { view?: unknown }).view;
    try {
      return unpackViewState(view);
    } catch (error) {
      throw malformed(call, `view: ${(error as Error).message}`);
    }
  }

  /** The user's ranked tags for a watch at `asOf` (unix seconds; the server's now if omitted). */
  async getTagSnapshot(asOf?: number): Promise<TagSnapshot> {
    const call = 'GET /v1/view/tags';
    const query = asOf === undefined ? '' : `?asOf=${asOf}`;
    const snapshot = ((await this.#call('GET', `/v1/view/tags${query}`)) as { snapshot?: unknown })
      .snapshot as Partial<TagSnapshot> | undefined;
    if (
      typeof snapshot?.asOf !== 'number' ||
      !Array.isArray(snapshot.tags) ||
      !Array.isArray(snapshot.renames)
    ) {
      throw malformed(call, 'snapshot: expected asOf, tags and renames');
    }
    return snapshot as TagSnapshot;
  }

  async getHeads(): Promise<Record<string, number>> {
    const answer = await this.#call('GET', '/v1/heads');
    return (await parseAnswer('GET /v1/heads', headsOf, 'headsSchema', answer)).heads;
  }

  async getDevices(): Promise<DeviceInfo[]> {
    const answer = await this.#call('GET', '/v1/devices');
    return (await parseAnswer('GET /v1/devices', devicesListOf, 'devicesListSchema', answer))
      .devices;
  }

  /** Renames the device of this token (one paired with a token made elsewhere). */
  async renameSelf(name: string): Promise<DeviceInfo> {
    return parseAnswer(
      'PATCH /v1/devices/self',
      deviceInfoOf,
      'deviceInfoSchema',
      await this.#call('PATCH', '/v1/devices/self', { name }),
    );
  }

  /** Headers every authenticated call carries. */
  authHeaders(): Record<string, string> {
    return this.token ? { authorization: `Bearer ${this.token}` } : {};
  }

  /**
   * One call: the answer's JSON object, or a SyncError (OfflineError when unreachable). A string
   * body is sent as it is (JSON made already), anything else as its JSON.
   */
  async #call(method: string, path: string, body?: unknown): Promise<object> {
    const headers: Record<string, string> = { accept: 'application/json', ...this.authHeaders() };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await this.fetchImpl(`${this.baseUrl}${path}`, {
        method,
        headers,
        body:
          body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
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
    return json;
  }
}

/** What a protocol schema needs here (zod's safeParse), so no zod import is needed. */
interface AnswerSchema<T> {
  safeParse(
    value: unknown,
  ):
    | { success: true; data: T }
    | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string }> } };
}

/**
 * Checks an answer: by its guard (answers.ts), and when the guard declines it, by the protocol's
 * schema (@tagtime/log/protocol), loaded then. A server that answers 200 with something else is a
 * SyncError naming the call and the first wrong field, never data.
 */
async function parseAnswer<T>(
  call: string,
  guard: (json: unknown) => T | undefined,
  schema: AnswerSchemaName,
  json: object,
): Promise<T> {
  const quick = guard(json);
  if (quick !== undefined) return quick;
  const protocol = await import('@tagtime/log/protocol');
  const judge = (schema === 'recordsPageEnvelope'
    ? protocol.recordsPageSchema.omit({ records: true })
    : protocol[schema]) as unknown as AnswerSchema<T>;
  const result = judge.safeParse(json);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  let field = '';
  for (const key of issue?.path ?? []) {
    field += typeof key === 'number' ? `[${key}]` : `${field ? '.' : ''}${String(key)}`;
  }
  throw malformed(call, `${field || 'the answer'}: ${issue?.message ?? 'not the protocol shape'}`);
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
  const error = errorOf(json);
  const code = error ? error.code : `http_${status}`;
  const message = error ? error.message : text.slice(0, 200) || 'no details given';
  return new SyncError(
    `${method} ${path.split('?')[0]} failed (${status}): ${message}`,
    status,
    code,
  );
}

function malformed(call: string, problem: string): SyncError {
  return new SyncError(`${call} answered a malformed body (${problem})`, 0, 'bad_response');
}
