import { request } from 'node:http';

export interface SseEvent {
  event: string;
  id: string | undefined;
  data: string;
}

export interface SseClient {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  events: SseEvent[];
  /** Comment lines received (heartbeats). */
  comments: string[];
  /** Resolves with the first event (already received or future) matching, else rejects after `ms`. */
  waitFor(match: (event: SseEvent) => boolean, ms?: number): Promise<SseEvent>;
  waitForComment(ms?: number): Promise<void>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

/** Opens an event stream over real HTTP and parses it as it arrives. */
export function openSse(url: string, headers: Record<string, string>): Promise<SseClient> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
      const events: SseEvent[] = [];
      const comments: string[] = [];
      const waiters = new Set<() => void>();
      let buffer = '';
      let endedResolve: () => void = () => {};
      const ended = new Promise<void>((done) => {
        endedResolve = done;
      });
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        for (;;) {
          const end = buffer.indexOf('\n\n');
          if (end < 0) break;
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event: SseEvent = { event: 'message', id: undefined, data: '' };
          let isEvent = false;
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) comments.push(line.slice(1).trim());
            else if (line.startsWith('event: ')) {
              event.event = line.slice(7);
              isEvent = true;
            } else if (line.startsWith('id: ')) event.id = line.slice(4);
            else if (line.startsWith('data: ')) {
              event.data += line.slice(6);
              isEvent = true;
            }
          }
          if (isEvent) events.push(event);
        }
        for (const wake of [...waiters]) wake();
      });
      res.on('end', endedResolve);
      res.on('close', endedResolve);
      const waitUntil = <T>(check: () => T | undefined, ms: number, what: string) =>
        new Promise<T>((done, fail) => {
          const hit = check();
          if (hit !== undefined) {
            done(hit);
            return;
          }
          const timer = setTimeout(() => {
            waiters.delete(wake);
            fail(new Error(`no ${what} within ${ms} ms; got ${JSON.stringify(events)}`));
          }, ms);
          const wake = () => {
            const found = check();
            if (found === undefined) return;
            clearTimeout(timer);
            waiters.delete(wake);
            done(found);
          };
          waiters.add(wake);
        });
      resolve({
        status: res.statusCode ?? 0,
        headers: res.headers,
        events,
        comments,
        ended,
        waitFor: (match, ms = 5000) => waitUntil(() => events.find(match), ms, 'matching event'),
        waitForComment: async (ms = 5000) => {
          await waitUntil(() => (comments.length > 0 ? true : undefined), ms, 'comment');
        },
        close: () => {
          req.destroy();
          res.destroy();
        },
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/** The parsed `{ device, head }` of a log event. */
export function logEvent(event: SseEvent): { device: string; head: number } {
  return JSON.parse(event.data) as { device: string; head: number };
}
