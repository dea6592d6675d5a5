import 'server-only';
import type { LogRecord } from '@tagtime/log';
import {
  type AdminContext,
  type AdminFacets,
  type AdminHistogram,
  type AdminPingReport,
  type AdminRecordPage,
  type AdminSearch,
  type AdminUserStats,
  adminContextSchema,
  adminFacetsSchema,
  adminHistogramSchema,
  adminPingReportSchema,
  adminRecordPageSchema,
  adminSearchSchema,
  adminUserStatsSchema,
  type WireRecord,
} from '@tagtime/log/protocol';
import type { z } from 'zod';
import { LogServerError, logServerFetch, logServerOpen } from './log-server';

/**
 * The console's side of the log server's admin API (server/docs/api.md): every call names the
 * staff member and carries the reason they gave, which the server writes into the audit trail
 * before it reads. Answers come with the server's own time (`Server-Timing`).
 */
export interface StaffRead {
  staffUserId: string;
  reason: string;
  /** The staff member's console session, past its second factor (the server checks it). */
  sessionId: string;
  /** The intent (one page view or query) this read belongs to: one audit row per intent. */
  intentId: string;
}

export interface LogQueryParams {
  q?: string | undefined;
  from?: number | undefined;
  to?: number | undefined;
}

/**
 * An admin answer as the console uses it: the protocol's shape, with each record typed as the
 * log's record (the server sends only records that passed its validation).
 */
type Logged<T> = T extends WireRecord
  ? LogRecord
  : T extends ReadonlyArray<infer U>
    ? Logged<U>[]
    : T extends object
      ? { [K in keyof T]: Logged<T[K]> }
      : T;

export type RecordPage = Logged<AdminRecordPage>;
export type Facets = AdminFacets;
export type Histogram = AdminHistogram;
export type RecordContext = Logged<AdminContext>;
export type PingReport = AdminPingReport;
export type UserStats = AdminUserStats;
export type RecordTextSearch = Logged<AdminSearch>;

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
    'x-staff-session-id': read.sessionId,
    'x-audit-intent': read.intentId,
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

/** A GET of the admin API, its answer checked against the protocol's schema. */
async function getJson<S extends z.ZodType>(
  read: StaffRead,
  path: string,
  schema: S,
  signal?: AbortSignal,
): Promise<Timed<Logged<z.output<S>>>> {
  const response = await logServerFetch(path, {
    headers: headers(read),
    ...(signal ? { signal } : {}),
  });
  const parsed = schema.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) {
    throw new LogServerError(
      'failed',
      `The log server's answer to ${path.split('?')[0]} is not what the admin API promises.`,
      response.status,
    );
  }
  return {
    data: parsed.data as Logged<z.output<S>>,
    serverMs: timing(response, 'app'),
    dbMs: timing(response, 'db'),
  };
}

export function fetchRecordPage(
  read: StaffRead,
  userId: string,
  params: LogQueryParams & { dir?: 'forward' | 'backward'; cursor?: string; limit?: number },
): Promise<Timed<RecordPage>> {
  return getJson(
    read,
    userPath(userId, `records${queryString({ ...params })}`),
    adminRecordPageSchema,
  );
}

export function fetchFacets(
  read: StaffRead,
  userId: string,
  params: LogQueryParams,
): Promise<Timed<Facets>> {
  return getJson(read, userPath(userId, `facets${queryString({ ...params })}`), adminFacetsSchema);
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
  return getJson(
    read,
    userPath(userId, `histogram${queryString({ ...params })}`),
    adminHistogramSchema,
  );
}

export function fetchContext(
  read: StaffRead,
  userId: string,
  record: { device: string; t: number },
  n = 10,
): Promise<Timed<RecordContext>> {
  const path = `records/${encodeURIComponent(record.device)}/${record.t}/context?n=${n}`;
  return getJson(read, userPath(userId, path), adminContextSchema);
}

export function fetchPings(
  read: StaffRead,
  userId: string,
  params: { from?: number; to?: number },
): Promise<Timed<PingReport>> {
  return getJson(read, userPath(userId, `pings${queryString(params)}`), adminPingReportSchema);
}

export function fetchStats(
  read: StaffRead,
  userId: string,
  params: { from?: number; to?: number },
): Promise<Timed<UserStats>> {
  return getJson(read, userPath(userId, `stats${queryString(params)}`), adminUserStatsSchema);
}

export function searchRecordText(read: StaffRead, q: string): Promise<Timed<RecordTextSearch>> {
  return getJson(read, `/admin/v1/search${queryString({ q })}`, adminSearchSchema);
}

/** The streamed export (JSON Lines or CSV), for the console to pass through unbuffered. */
export function openExport(
  read: StaffRead,
  userId: string,
  params: LogQueryParams & { format: 'jsonl' | 'csv' },
  signal?: AbortSignal,
): Promise<Response> {
  return logServerOpen(userPath(userId, `export${queryString({ ...params })}`), {
    headers: headers(read),
    timeoutMs: 60 * 60 * 1000,
    ...(signal ? { signal } : {}),
  });
}

/**
 * The user's live `{ device, head }` events (Server-Sent Events), for the console's one stream
 * per tailed user (live-tails.ts), which fans them out to every staff member following.
 */
export function openStream(
  read: StaffRead,
  userId: string,
  signal: AbortSignal,
): Promise<Response> {
  return logServerOpen(userPath(userId, 'stream'), {
    headers: { ...headers(read), accept: 'text/event-stream' },
    timeoutMs: 24 * 60 * 60 * 1000,
    signal,
  });
}
