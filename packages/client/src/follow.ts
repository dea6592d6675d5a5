import type { StreamEvent } from '@tagtime/log/protocol';
import { STREAM_EVENT_NAME, streamEventOf } from './answers.js';
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
const HEAD_EVENT_TYPES = [STREAM_EVENT_NAME, 'message'] as const;

/** Opens an event stream at `url` sending `headers` (the device token). */
export type OpenEventSource = (url: string, headers: Record<string, string>) => EventSourceLike;

export type FollowState = 'connecting' | 'online' | 'offline' | 'stopped';

export interface StreamHandlers {
  onOpen(): void;
  onHead(event: StreamEvent): void;
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
        const head = streamEventOf(event.data);
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
