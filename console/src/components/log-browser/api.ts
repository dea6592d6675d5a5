import type { LogRecord } from '@tagtime/log';
import { routes } from '@/config/routes';
import type { Facets, Histogram, RecordContext, RecordPage } from '@/lib/support-logs';

export type { Facets, Histogram, RecordContext, RecordPage };

/**
 * A failed call of the log browser, as the console's routes say it: `problem` tells whether the
 * log server is unreachable, refuses the console's credential, or finds the request wrong.
 */
export class BrowserApiError extends Error {
  override name = 'BrowserApiError';

  constructor(
    message: string,
    readonly status: number,
    readonly problem: string | undefined,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

/** A failed load as the browser shows it: a 400 is the query's fault, anything else the server's. */
export interface Problem {
  message: string;
  problem: string | undefined;
  status: number;
}

export function problemOf(error: unknown): Problem {
  if (error instanceof BrowserApiError) {
    return { message: error.message, problem: error.problem, status: error.status };
  }
  return {
    message: error instanceof Error ? error.message : String(error),
    problem: undefined,
    status: 0,
  };
}

type Params = Record<string, string | number | undefined>;

/**
 * Staff audit by intent (DESIGN.md): the reads of one query — its page of records, facets,
 * histogram, further pages, neighbours, tail — share one intent id, so the audit log has one
 * row for the query; a new query (text or range) is a new intent. The page's own id is the
 * first query's, so opening the browser is one row in all.
 */
let seed: string | undefined;
let current: { key: string; id: string } | undefined;

export function seedIntent(id: string): void {
  if (typeof window === 'undefined') return;
  seed = id;
  current = undefined;
}

function intentFor(userId: string, call: string, params: Params): string {
  // Reads about a record or the live log belong to the query on screen.
  if (current && (call === 'context' || call === 'stream')) return current.id;
  const key = JSON.stringify([userId, params.q ?? '', params.from ?? '', params.to ?? '']);
  if (current?.key === key) return current.id;
  const id = seed ?? crypto.randomUUID();
  seed = undefined;
  current = { key, id };
  return id;
}

export function apiUrl(userId: string, call: string, params: Params = {}): string {
  const search = new URLSearchParams();
  search.set('intent', intentFor(userId, call, params));
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return `${routes.staffUserApi(userId, call)}${text ? `?${text}` : ''}`;
}

async function get<T>(userId: string, call: string, params: Params, signal?: AbortSignal) {
  const response = await fetch(apiUrl(userId, call, params), {
    cache: 'no-store',
    ...(signal ? { signal } : {}),
  });
  if (!response.ok) {
    let body: { error?: { message?: string; problem?: string; code?: string } } = {};
    try {
      body = await response.json();
    } catch {
      // not JSON: the message below says what happened
    }
    throw new BrowserApiError(
      body.error?.message ?? `The console answered ${response.status}.`,
      response.status,
      body.error?.problem,
      body.error?.code,
    );
  }
  return (await response.json()) as T;
}

export interface QueryParams {
  q?: string;
  from?: number;
  to?: number;
}

export const fetchPage = (
  userId: string,
  params: QueryParams & { dir?: 'forward' | 'backward'; cursor?: string; limit?: number },
  signal?: AbortSignal,
) => get<RecordPage>(userId, 'records', { ...params }, signal);

export const fetchFacets = (userId: string, params: QueryParams, signal?: AbortSignal) =>
  get<Facets>(userId, 'facets', { ...params }, signal);

export const fetchHistogram = (
  userId: string,
  params: QueryParams & { buckets?: number },
  signal?: AbortSignal,
) => get<Histogram>(userId, 'histogram', { ...params }, signal);

export const fetchContext = (userId: string, record: { device: string; t: number }) =>
  get<RecordContext>(userId, 'context', { device: record.device, t: record.t, n: 8 });

export const recordId = (record: { device: string; t: number }) => `${record.device}:${record.t}`;

/** Merged order, newest first: by `t`, ties by device id (the reverse of the log's order). */
export function newestFirst(a: LogRecord, b: LogRecord): number {
  if (a.t !== b.t) return b.t - a.t;
  return a.device < b.device ? 1 : a.device > b.device ? -1 : 0;
}
