import 'server-only';
import { DEV_SERVICE_TOKEN } from '@tagtime/db';
import { logServerBudgets, releasingBody } from './log-server-budget';

/** The log server and the console's service credential (the server's ADMIN_TOKEN). */
export function logServerConfig(): { url: string; token: string } {
  return {
    url: (process.env.LOG_SERVER_URL ?? 'http://127.0.0.1:8787').replace(/\/$/, ''),
    token: process.env.ADMIN_TOKEN || DEV_SERVICE_TOKEN,
  };
}

/**
 * Why a call to the log server failed, in the terms a page shows: the server does not answer
 * (`unreachable`), it refuses the console's credential or staff member (`refused`), it finds
 * the request wrong (`rejected`, with its message), the thing is not there (`not_found`), it
 * broke (`failed`), or the console already holds as many streams open as it may (`busy`).
 */
export type LogServerProblem =
  | 'unreachable'
  | 'refused'
  | 'rejected'
  | 'not_found'
  | 'failed'
  | 'busy';

export class LogServerError extends Error {
  override name = 'LogServerError';

  constructor(
    readonly problem: LogServerProblem,
    message: string,
    readonly status?: number,
    readonly code?: string,
  ) {
    super(message);
  }
}

const TIMEOUT_MS = 10_000;

async function errorOf(response: Response): Promise<LogServerError> {
  let code: string | undefined;
  let message = `The log server answered ${response.status}.`;
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string } };
    code = body.error?.code;
    if (body.error?.message) message = body.error.message;
  } catch {
    // Not our JSON error body: something else answered on that address.
  }
  const { status } = response;
  if (status === 401) {
    return new LogServerError(
      'refused',
      "The log server refuses the console's credential: the console's ADMIN_TOKEN is not the server's.",
      status,
      code,
    );
  }
  if (status === 403) return new LogServerError('refused', message, status, code);
  if (status === 404) return new LogServerError('not_found', message, status, code);
  if (status >= 400 && status < 500) return new LogServerError('rejected', message, status, code);
  if (status === 502 || status === 503 || status === 504) {
    return new LogServerError('unreachable', `The log server is unavailable (${status}).`, status);
  }
  return new LogServerError(
    'failed',
    `The log server failed (${status}): ${message}`,
    status,
    code,
  );
}

interface FetchInit {
  headers?: Record<string, string>;
  signal?: AbortSignal;
  timeoutMs?: number;
}

async function send(path: string, init: FetchInit, signal: AbortSignal): Promise<Response> {
  const { url, token } = logServerConfig();
  let response: Response;
  try {
    response = await fetch(`${url}${path}`, {
      headers: { authorization: `Bearer ${token}`, ...init.headers },
      signal,
      cache: 'no-store',
    });
  } catch (error) {
    if (init.signal?.aborted) throw error;
    const why = error instanceof Error && error.name === 'TimeoutError' ? 'in time' : 'at all';
    throw new LogServerError(
      'unreachable',
      `The log server at ${url} does not answer ${why}; is it running?`,
    );
  }
  if (!response.ok) throw await errorOf(response);
  return response;
}

function deadline(init: FetchInit): AbortSignal {
  const signals = [AbortSignal.timeout(init.timeoutMs ?? TIMEOUT_MS)];
  if (init.signal) signals.push(init.signal);
  return AbortSignal.any(signals);
}

/**
 * A short call to the log server with the console's credential, within the console's read
 * budget (see log-server-budget.ts): its answer comes back read in full. Any answer but a 2xx
 * becomes a `LogServerError` saying which of the problems it is.
 */
export async function logServerFetch(path: string, init: FetchInit = {}): Promise<Response> {
  const signal = deadline(init);
  let release: () => void;
  try {
    release = await logServerBudgets().reads.take(signal);
  } catch (error) {
    if (init.signal?.aborted) throw error;
    throw new LogServerError('unreachable', 'The log server is busy; try again in a moment.');
  }
  try {
    const response = await send(path, init, signal);
    const body = await response.arrayBuffer();
    return new Response(body, { status: response.status, headers: response.headers });
  } finally {
    release();
  }
}

/**
 * A call that keeps its connection open (a live tail, an export), within the console's stream
 * budget: refused at once (`busy`) when the budget is spent, so streams never take the
 * connections customers' pages read through. The slot is freed when the body ends or is
 * cancelled.
 */
export async function logServerOpen(path: string, init: FetchInit = {}): Promise<Response> {
  const release = logServerBudgets().streams.tryTake();
  if (!release) {
    throw new LogServerError(
      'busy',
      'The console holds as many live tails and exports open as it may; try again in a minute.',
    );
  }
  try {
    const response = await send(path, init, deadline(init));
    if (!response.body) {
      release();
      return response;
    }
    return new Response(releasingBody(response.body, release), {
      status: response.status,
      headers: response.headers,
    });
  } catch (error) {
    release();
    throw error;
  }
}

/** `fetch` for @tagtime/client calls of the console, within the read budget (bodies read in full). */
export async function budgetedFetch(input: string, init?: RequestInit): Promise<Response> {
  const release = await logServerBudgets().reads.take(init?.signal ?? undefined);
  try {
    const response = await fetch(input, init);
    const body = await response.arrayBuffer();
    return new Response(body, { status: response.status, headers: response.headers });
  } finally {
    release();
  }
}

/**
 * The last `t` of each of the user's device logs, or undefined when the log server cannot be
 * reached in two seconds: pages show what they have rather than fail.
 */
export async function fetchHeads(userId: string): Promise<Record<string, number> | undefined> {
  try {
    const response = await logServerFetch(`/service/v1/users/${encodeURIComponent(userId)}/heads`, {
      timeoutMs: 2000,
    });
    const body = (await response.json()) as { heads?: Record<string, number> };
    return body.heads;
  } catch {
    return undefined;
  }
}

/** How a log server problem reaches the browser: never as the console's own 401. */
const BROWSER_STATUS: Record<LogServerProblem, number> = {
  unreachable: 503,
  refused: 502,
  rejected: 400,
  not_found: 404,
  failed: 502,
  busy: 503,
};

/** A log server failure as the console's JSON error, saying which problem it is. */
export function logServerErrorResponse(error: LogServerError): Response {
  return Response.json(
    {
      error: { code: error.code ?? error.problem, problem: error.problem, message: error.message },
    },
    { status: BROWSER_STATUS[error.problem] },
  );
}
