import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { type EventSourceLike, keepStreamOpen } from '../src/follow.js';
import { openWithFetch } from '../src/open-with-fetch.js';

class FakeSource implements EventSourceLike {
  onopen: ((event: Event) => unknown) | null = null;
  readonly listeners = new Map<string, ((event: MessageEvent) => void)[]>();
  onerror: ((event: Event) => unknown) | null = null;
  closed = false;
  constructor(
    readonly url: string,
    readonly headers: Record<string, string>,
  ) {}
  addEventListener(type: string, listener: (event: MessageEvent) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  close(): void {
    this.closed = true;
  }
  open(): void {
    this.onopen?.(new Event('open'));
  }
  fail(code?: number): void {
    this.onerror?.(Object.assign(new Event('error'), { code }));
  }
  send(data: string, type = 'log'): void {
    for (const listener of this.listeners.get(type) ?? [])
      listener(new MessageEvent(type, { data }));
  }
}

function harness() {
  const sources: FakeSource[] = [];
  const timers: { fn: () => void; ms: number; cleared: boolean }[] = [];
  const log: string[] = [];
  const stop = keepStreamOpen(
    {
      url: 'http://s/v1/stream',
      headers: { authorization: 'Bearer t' },
      open: (url, headers) => {
        const source = new FakeSource(url, headers);
        sources.push(source);
        return source;
      },
      backoff: { baseMs: 100, maxMs: 1000 },
      random: () => 1,
      setTimer: (fn, ms) => {
        const timer = { fn, ms, cleared: false };
        timers.push(timer);
        return timer;
      },
      clearTimer: (timer) => {
        (timer as { cleared: boolean }).cleared = true;
      },
    },
    {
      onOpen: () => log.push('open'),
      onHead: (e) => log.push(`head ${e.device} ${e.head}`),
      onState: (state, detail) => log.push(detail ? `${state} ${detail.retryInMs}` : state),
      onRefused: (status) => log.push(`refused ${status}`),
    },
  );
  const last = () => sources.at(-1) as FakeSource;
  const fire = () => (timers.at(-1) as { fn: () => void }).fn();
  return { sources, timers, log, stop, last, fire };
}

describe('keepStreamOpen', () => {
  it('reconnects after errors with growing delays, reset by a successful open', () => {
    const h = harness();
    expect(h.last().headers).toEqual({ authorization: 'Bearer t' });
    h.last().fail();
    h.fire();
    h.last().fail();
    h.fire();
    h.last().fail();
    expect(h.timers.map((t) => t.ms)).toEqual([100, 200, 400]);
    expect(h.sources.slice(0, 3).every((s) => s.closed)).toBe(true);
    h.fire();
    h.last().open();
    h.last().send('{"device":"d2","head":42}');
    h.last().send('not json');
    h.last().send('{"device":"d3","head":43}', 'message');
    h.last().send('{"device":"d4","head":44}', 'other');
    h.last().fail();
    expect(h.timers.at(-1)?.ms).toBe(100);
    expect(h.log).toEqual([
      'connecting',
      'offline 100',
      'connecting',
      'offline 200',
      'connecting',
      'offline 400',
      'connecting',
      'online',
      'open',
      'head d2 42',
      'head d3 43',
      'offline 100',
    ]);
  });

  it('stops for good: closes the stream, cancels the pending retry, ignores late events', () => {
    const h = harness();
    h.last().fail();
    const old = h.sources[0] as FakeSource;
    h.stop();
    expect(h.timers[0]?.cleared).toBe(true);
    old.open();
    expect(h.log.at(-1)).toBe('stopped');
    const h2 = harness();
    h2.last().open();
    h2.stop();
    expect(h2.last().closed).toBe(true);
    h2.last().send('{"device":"d2","head":1}');
    expect(h2.log).not.toContain('head d2 1');
  });
});

describe('a refused token', () => {
  it('stops following instead of retrying, and says why', () => {
    const h = harness();
    h.last().fail(503);
    h.fire();
    h.last().fail(401);
    expect(h.timers).toHaveLength(1);
    expect(h.last().closed).toBe(true);
    expect(h.log).toEqual(['connecting', 'offline 100', 'connecting', 'stopped', 'refused 401']);
  });
});

describe('openWithFetch', () => {
  it('loads the eventsource package when a stream opens, sends the token, and passes events on', async () => {
    const seen: (string | undefined)[] = [];
    const server = createServer((request, response) => {
      seen.push(request.headers.authorization);
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write('event: log\ndata: {"device":"d2","head":5}\n\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const source = openWithFetch()(`http://127.0.0.1:${port}/v1/stream`, {
      authorization: 'Bearer t1',
    });
    const events: string[] = [];
    // Handlers are set at once, before the package has loaded.
    source.onopen = () => events.push('open');
    source.addEventListener('log', (event) => events.push(String(event.data)));
    try {
      await vi.waitFor(() => expect(events).toEqual(['open', '{"device":"d2","head":5}']));
      expect(seen).toEqual(['Bearer t1']);
    } finally {
      source.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('opens nothing when closed before the package has loaded', async () => {
    let requests = 0;
    const fetch = async () => {
      requests++;
      return new Response('', { status: 503 });
    };
    const source = openWithFetch(fetch)('http://127.0.0.1:9/v1/stream', {});
    source.close();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(requests).toBe(0);
  });
});
