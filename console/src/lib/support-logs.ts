import 'server-only';
import type { LogRecord } from '@tagtime/log';
import { logServerFetch } from './log-server';

/**
 * The console's side of the log server's admin API (server/README.md): every call names the
 * staff member and carries the reason they gave, which the server writes into the audit trail
 * before it reads. Answers come with the server's own time (`Server-Timing`).
 */
export interface StaffRead {
  staffUserId: string;
  reason: string;
}

export interface LogQueryParams {
  q?: string | undefined;
  from?: number | undefined;
  to?: number | undefined;
}

export interface RecordPage {
  records: LogRecord[];
  cursor: string;
  more: boolean;
  scanned: number;
}

export type KindCounts = Record<string, number>;

export interface Facets {
  from: number;
  to: number;
  total: number;
  kinds: KindCounts;
  devices: KindCounts;
  textApplied: boolean;
}

export interface Histogram {
  group: 'kind' | 'device';
  from: number;
  to: number;
  bucketMs: number;
  timeZone: string;
  buckets: Array<{ start: number; counts: KindCounts }>;
  total: number;
  textApplied: boolean;
}

export interface RecordContext {
  record: LogRecord;
  device: { before: LogRecord[]; after: LogRecord[] };
  others: { before: LogRecord[]; after: LogRecord[] };
}

export interface PingReport {
  from: number;
  to: number;
  timeZone: string;
  days: Array<{ day: string; answered: number; missed: number; unanswered: number }>;
  answered: number;
  missed: number;
  unanswered: number;
  tags: Array<{ tag: string; count: number; seconds: number }>;
  complete: boolean;
}

export interface UserStats {
  from: number;
  to: number;
  logs: Array<{
    device: string;
    head: number;
    count: number;
    name: string | null;
    kind: string | null;
    lastSeenAt: string | null;
    revokedAt: string | null;
  }>;
  heads: Record<string, number>;
  recordsPerDay: Array<{ day: string; kind: string; count: number }>;
  errorsByDevice: Record<string, number>;
  lastSync: string | null;
}

export interface RecordTextSearch {
  users: Array<{ userId: string; matches: number; latest: LogRecord }>;
  scanned: number;
  complete: boolean;
}

/**
 * An answer and the log server's time for it in ms (from `Server-Timing`), when it said, with
 * the MariaDB share of it (staff check, audit row, account lookups).
 */
export interface Timed<T> {
  data: T;
  serverMs: number | undefined;
  dbMs: number | undefined;
}

function headers(read: StaffRead): Record<string, string> {
  return {
    'x-staff-user-id': read.staffUserId,
    // Header values are Latin-1; the server decodes this.
    'x-audit-reason': encodeURIComponent(read.reason),
  };
}

function queryString(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

function timing(response: Response, name: string): number | undefined {
  const match = new RegExp(`${name};dur=([\\d.]+)`).exec(
    response.headers.get('server-timing') ?? '',
  );
  return match ? Number(match[1]) : undefined;
}

function userPath(userId: string, rest: string): string {
  return `/admin/v1/users/${encodeURIComponent(userId)}/${rest}`;
}

async function getJson<T>(read: StaffRead, path: string, signal?: AbortSignal): Promise<Timed<T>> {
  const response = await logServerFetch(path, {
    headers: headers(read),
    ...(signal ? { signal } : {}),
  });
  return {
    data: (await response.json()) as T,
    serverMs: timing(response, 'app'),
    dbMs: timing(response, 'db'),
  };
}

export function fetchRecordPage(
  read: StaffRead,
  userId: string,
  params: LogQueryParams & { dir?: 'forward' | 'backward'; cursor?: string; limit?: number },
): Promise<Timed<RecordPage>> {
  return getJson(read, userPath(userId, `records${queryString({ ...params })}`));
}

export function fetchFacets(
  read: StaffRead,
  userId: string,
  params: LogQueryParams,
): Promise<Timed<Facets>> {
  return getJson(read, userPath(userId, `facets${queryString({ ...params })}`));
}

export function fetchHistogram(
  read: StaffRead,
  userId: string,
  params: LogQueryParams & {
    buckets?: number;
    width?: 'quarter' | 'hour' | 'day' | 'week';
    group?: 'kind' | 'device';
  },
): Promise<Timed<Histogram>> {
  return getJson(read, userPath(userId, `histogram${queryString({ ...params })}`));
}

export function fetchContext(
  read: StaffRead,
  userId: string,
  record: { device: string; t: number },
  n = 10,
): Promise<Timed<RecordContext>> {
  const path = `records/${encodeURIComponent(record.device)}/${record.t}/context?n=${n}`;
  return getJson(read, userPath(userId, path));
}

export function fetchPings(
  read: StaffRead,
  userId: string,
  params: { from?: number; to?: number },
): Promise<Timed<PingReport>> {
  return getJson(read, userPath(userId, `pings${queryString(params)}`));
}

export function fetchStats(
  read: StaffRead,
  userId: string,
  params: { from?: number; to?: number },
): Promise<Timed<UserStats>> {
  return getJson(read, userPath(userId, `stats${queryString(params)}`));
}

export function searchRecordText(read: StaffRead, q: string): Promise<Timed<RecordTextSearch>> {
  return getJson(read, `/admin/v1/search${queryString({ q })}`);
}

/** The streamed export (JSON Lines or CSV), for the console to pass through unbuffered. */
export function openExport(
  read: StaffRead,
  userId: string,
  params: LogQueryParams & { format: 'jsonl' | 'csv' },
  signal?: AbortSignal,
): Promise<Response> {
  return logServerFetch(userPath(userId, `export${queryString({ ...params })}`), {
    headers: headers(read),
    timeoutMs: 60 * 60 * 1000,
    ...(signal ? { signal } : {}),
  });
}

/** The user's live `{ device, head }` events (Server-Sent Events), for the console to relay. */
export function openStream(
  read: StaffRead,
  userId: string,
  signal: AbortSignal,
): Promise<Response> {
  return logServerFetch(userPath(userId, 'stream'), {
    headers: { ...headers(read), accept: 'text/event-stream' },
    timeoutMs: 24 * 60 * 60 * 1000,
    signal,
  });
}
