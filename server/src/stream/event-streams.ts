import type { FastifyReply, FastifyRequest } from 'fastify';
import type { LogUpdated, Notifier } from '../notify/notifier.js';
import { SseConnection } from './sse.js';

/** Tells a client how long to wait before reconnecting after the stream broke. */
const RETRY_MS = 1000;

export interface StreamOptions {
  /** Whose "log updated" events to stream. */
  userId: string;
  /** The current heads, sent first so a (re)connecting client learns what it missed. */
  heads: () => Promise<Record<string, number>>;
}

/**
 * The open "log updated" streams of this process: opens them (SSE), relays notifier events,
 * sends one shared heartbeat tick to all of them, and closes them all on shutdown.
 *
 * Wire format (text/event-stream): first `retry: 1000`, then one `event: log` per log of the
 * user with its current head (the catch-up after a reconnect), then one `event: log` with
 * `data: {"device":…,"head":…}` each time a log grows; `: heartbeat` comments in between.
 */
export class EventStreams {
  private readonly open = new Set<SseConnection>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly notifier: Notifier,
    heartbeatMs: number,
  ) {
    this.timer = setInterval(
      () => {
        for (const connection of this.open) connection.heartbeat();
      },
      Math.max(heartbeatMs, 10),
    );
    this.timer.unref();
  }

  get size(): number {
    return this.open.size;
  }

  async stream(
    request: FastifyRequest,
    reply: FastifyReply,
    options: StreamOptions,
  ): Promise<void> {
    // Subscribe before reading the heads, so no growth falls between the two.
    const pending: LogUpdated[] = [];
    let ready = false;
    let connection: SseConnection | undefined;
    const unsubscribe = this.notifier.subscribe(options.userId, (event) => {
      if (ready && connection) connection.send('log', event, `${event.device}:${event.head}`);
      else pending.push(event);
    });
    let heads: Record<string, number>;
    try {
      await this.notifier.ready();
      heads = await options.heads();
    } catch (error) {
      unsubscribe();
      throw error;
    }
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    raw.flushHeaders();
    request.socket.setNoDelay(true);
    const opened = new SseConnection(raw, () => {
      unsubscribe();
      this.open.delete(opened);
    });
    connection = opened;
    this.open.add(opened);
    opened.write(`retry: ${RETRY_MS}\n\n`);
    for (const [device, head] of Object.entries(heads)) {
      opened.send('log', { device, head }, `${device}:${head}`);
    }
    for (const event of pending) opened.send('log', event, `${event.device}:${event.head}`);
    ready = true;
  }

  /** Ends every open stream (clients reconnect elsewhere). */
  closeAll(): void {
    clearInterval(this.timer);
    for (const connection of [...this.open]) connection.close();
  }
}
