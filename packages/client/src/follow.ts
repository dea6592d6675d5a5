import { streamEventSchema } from '@tagtime/log/protocol';
import type { FetchLike } from './api.js';
import { type BackoffOptions, backoffDelay, DEFAULT_BACKOFF } from './backoff.js';

/** The part of the WHATWG `EventSource` the client uses. */
export interface EventSourceLike {
  onopen: ((event: Event) => unknown) | null;
  onerror: ((event: Event) => unknown) | null;
  addEventListener(type: string, listener: (event: MessageEvent) => void): void;
  close(): void;
}

/**
 * The server names its notifications `event: log`; unnamed `message` events are read too, so a
 * server that sends plain `data:` lines works the same.
 */
export const HEAD_EVENT_TYPES = ['log', 'message'] as const;

/** Opens an event stream at `url` sending `headers` (the device token). */
export type OpenEventSource = (url: string, headers: Record<string, string>) => EventSourceLike;

/**
 * The default stream opener: the `eventsource` package, a WHATWG EventSource on `fetch` that
 * runs in Node and browsers alike and, unlike the browser's own, can send the bearer token. It
 * is imported when a stream is first opened, so an app that never follows (a CLI command, the
 * watch's side service) neither loads it nor needs what it expects of its runtime.
 */
export function openWithFetch(fetchImpl?: FetchLike): OpenEventSource {
  return (url, headers) =>
    new DeferredEventSource(async () => {
      const { EventSource } = await import('eventsource');
      return () =>
        new EventSource(url, {
          fetch: (input, init) => {
            const merged = { ...init, headers: { ...(init?.headers ?? {}), ...headers } };
            return fetchImpl ? fetchImpl(String(input), merged) : globalThis.fetch(input, merged);
          },
        }) as unknown as EventSourceLike;
    });
}

/**
 * An EventSource that is there at once (handlers can be set right away) while the real one is
 * still being made; once it is, events pass through. A failure to make it is an `error` event,
 * so the caller's backoff retries it like a failed connection.
 */
class DeferredEventSource implements EventSourceLike {
  onopen: ((event: Event) => unknown) | null = null;
  onerror: ((event: Event) => unknown) | null = null;
  readonly #listeners: [string, (event: MessageEvent) => void][] = [];
  #source: EventSourceLike | undefined;
  #closed = false;

  /** `load` resolves to what makes the real one (which connects at once), once it can. */
  constructor(load: () => Promise<() => EventSourceLike>) {
    load().then(
      (make) => {
        if (this.#closed) return;
        const source = make();
        this.#source = source;
        source.onopen = (event) => this.onopen?.(event);
        source.onerror = (event) => this.onerror?.(event);
        for (const [type, listener] of this.#listeners) source.addEventListener(type, listener);
      },
      (error: unknown) => {
        if (!this.#closed) this.onerror?.(Object.assign(new Event('error'), { cause: error }));
      },
    );
  }

  addEventListener(type: string, listener: (event: MessageEvent) => void): void {
    this.#listeners.push([type, listener]);
    this.#source?.addEventListener(type, listener);
  }

  close(): void {
    this.#closed = true;
    this.#source?.close();
  }
}

/** A `{ device, head }` notification from `GET /v1/stream`. */
export interface HeadEvent {
  device: string;
  head: number;
}

export type FollowState = 'connecting' | 'online' | 'offline' | 'stopped';

export interface StreamHandlers {
  onOpen(): void;
  onHead(event: HeadEvent): void;
  onState(state: FollowState, detail?: { retryInMs?: number; attempt?: number }): void;
  /** The server refused the token (401/403): retrying cannot help, so following stops. */
  onRefused(status: number): void;
}

export interface StreamOptions {
  url: string;
  headers: Record<string, string>;
  open: OpenEventSource;
  backoff?: BackoffOptions;
  random?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
}

/**
 * Keeps one stream open: on an error it closes the stream (the EventSource's own fixed-delay retry
 * would make every device reconnect in step) and opens a new one after a jittered exponential
 * backoff, reset after each successful open. Returns a function that stops it for good.
 */
export function keepStreamOpen(options: StreamOptions, handlers: StreamHandlers): () => void {
  const setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer =
    options.clearTimer ?? ((t) => clearTimeout(t as ReturnType<typeof setTimeout>));
  let attempt = 0;
  let source: EventSourceLike | undefined;
  let timer: unknown;
  let stopped = false;

  const connect = () => {
    timer = undefined;
    if (stopped) return;
    handlers.onState('connecting');
    const current = options.open(options.url, options.headers);
    source = current;
    current.onopen = () => {
      if (stopped || source !== current) return;
      attempt = 0;
      handlers.onState('online');
      handlers.onOpen();
    };
    for (const type of HEAD_EVENT_TYPES) {
      current.addEventListener(type, (event) => {
        if (stopped || source !== current) return;
        const head = parseHeadEvent(event.data);
        if (head) handlers.onHead(head);
      });
    }
    current.onerror = (event) => {
      if (stopped || source !== current) return;
      current.close();
      source = undefined;
      // The `eventsource` package puts the HTTP status of a refused connection on the event.
      const status = (event as { code?: unknown }).code;
      if (status === 401 || status === 403) {
        stop();
        handlers.onRefused(status);
        return;
      }
      const retryInMs = backoffDelay(attempt, options.backoff ?? DEFAULT_BACKOFF, options.random);
      attempt++;
      handlers.onState('offline', { retryInMs, attempt });
      timer = setTimer(connect, retryInMs);
    };
  };

  function stop(): void {
    if (stopped) return;
    stopped = true;
    if (timer !== undefined) clearTimer(timer);
    source?.close();
    source = undefined;
    handlers.onState('stopped');
  }

  connect();
  return stop;
}

/** A stream message's `{ device, head }`, or undefined for anything else (comments, pings). */
export function parseHeadEvent(data: unknown): HeadEvent | undefined {
  if (typeof data !== 'string') return undefined;
  try {
    const event = streamEventSchema.safeParse(JSON.parse(data));
    if (event.success) return event.data;
  } catch {
    // Not JSON: a keep-alive or a message of a later protocol version; the stream goes on.
  }
  return undefined;
}
