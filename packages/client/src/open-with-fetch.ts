import type { FetchLike } from './api.js';
import type { EventSourceLike, OpenEventSource } from './follow.js';

/**
 * A stream opener on the `eventsource` package: a WHATWG EventSource on `fetch` that runs in Node
 * and browsers alike and, unlike the browser's own, can send the bearer token. An app that
 * follows hands it to SyncClient (`openEventSource`) and nothing else refers to it, so a bundle
 * of an app that never follows (the watch's side service) leaves the package out; unbundled, it
 * is loaded only when a stream first opens.
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
