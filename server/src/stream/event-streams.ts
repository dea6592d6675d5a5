import { type StreamEvent, streamEventMessage } from '@tagtime/log/protocol';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Notifier } from '../notify/notifier.js';
import { SseConnection } from './sse.js';

/** Tells a client how long to wait before reconnecting after the stream broke. */
const RETRY_MS = 1000;

/** Heartbeats go out in slices this often, so 20,000 streams never get theirs in one burst. */
const HEARTBEAT_TICK_MS = 100;

export interface StreamOptions {
  /** Whose "log updated" events to stream. */
  userId: string;
  /** The current heads, sent first so a (re)connecting client learns what it missed. */
  heads: () => Promise<Record<string, number>>;
  /** Runs once when the stream ends (caps released, watches ended). */
  onEnd?: () => void;
}

/** The open streams of one user and its one notifier subscription. */
interface UserStreams {
  connections: SseConnection[];
  unsubscribe: () => void;
}

/**
 * The open "log updated" streams of this process: opens them (SSE), relays notifier events,
 * sends heartbeats, and closes them all on shutdown.
 *
 * Fan-out: one notifier subscription per user, however many streams the user has; each event
 * is encoded once and the same bytes are written to every stream of the user. Heartbeats walk
 * all streams in slices, one slice per tick, so each stream gets one about every `heartbeatMs`.
 * The per-stream state is one SseConnection (see there), in two arrays with swap-removal.
 *
 * Wire format (text/event-stream): first `retry: 1000`, then one `event: log` per log of the
 * user with its current head (the catch-up after a reconnect), then one `event: log` with
 * `data: {"device":…,"head":…}` each time a log grows; `: heartbeat` comments in between.
 */
export class EventStreams {
  private readonly all: SseConnection[] = [];
  private readonly users = new Map<string, UserStreams>();
  private readonly timer: NodeJS.Timeout;
  private readonly slices: number;
  private heartbeatAt = 0;
  private heartbeatsOwed = 0;

  constructor(
    private readonly notifier: Notifier,
    heartbeatMs: number,
  ) {
    const period = Math.max(heartbeatMs, 10);
    const tick = Math.min(period, HEARTBEAT_TICK_MS);
    this.slices = Math.max(1, Math.floor(period / tick));
    this.timer = setInterval(() => this.heartbeatSlice(), tick);
    this.timer.unref();
  }

  get size(): number {
    return this.all.length;
  }

  /** Open streams of one user. */
  streamsOf(userId: string): number {
    return this.users.get(userId)?.connections.length ?? 0;
  }

  /**
   * Starts an SSE response on `reply` (hijacked: Fastify is done with it) and returns its
   * connection, or undefined when the client left before it started. `onEnd` runs once the
   * stream ends, whichever side ends it (also when this throws before the stream started).
   */
  async stream(
    request: FastifyRequest,
    reply: FastifyReply,
    options: StreamOptions,
  ): Promise<SseConnection | undefined> {
    const raw = reply.raw;
    const socket = request.raw.socket;
    const connection = new SseConnection(options.userId, raw, this, options.onEnd);
    // Join the user's fan-out before reading the heads, so no growth falls between the two:
    // events until the stream starts wait in `connection.pending`.
    this.add(connection);
    if (socket.destroyed) connection.close(); // the client left before it got here
    let heads: Record<string, number>;
    try {
      await this.notifier.ready();
      heads = await options.heads();
    } catch (error) {
      connection.close();
      throw error;
    }
    reply.hijack();
    forgetReply(raw);
    forgetRequestHeaders(request.raw);
    if (!connection.isOpen) return undefined; // the client left while the heads were read
    raw.writeHead(200, {
      // Set by hooks before the hijack (CORS for the web pinger): the raw answer carries them.
      ...corsHeaders(reply.getHeaders()),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    raw.flushHeaders();
    socket.setNoDelay(true);
    let start = `retry: ${RETRY_MS}\n\n`;
    for (const [device, head] of Object.entries(heads))
      start += streamEventMessage({ device, head });
    for (const event of connection.pending ?? []) start += streamEventMessage(event);
    connection.pending = undefined;
    connection.write(start);
    return connection;
  }

  /** Ends every open stream (clients reconnect elsewhere). */
  closeAll(): void {
    clearInterval(this.timer);
    for (const connection of [...this.all]) connection.close();
  }

  private add(connection: SseConnection): void {
    let user = this.users.get(connection.userId);
    if (user === undefined) {
      const connections: SseConnection[] = [];
      const unsubscribe = this.notifier.subscribe(connection.userId, (event) =>
        fanOut(connections, event),
      );
      user = { connections, unsubscribe };
      this.users.set(connection.userId, user);
    }
    connection.slot = this.all.push(connection) - 1;
    connection.userSlot = user.connections.push(connection) - 1;
  }

  /** Takes a stream out of the fan-out (it closed, or never started). */
  remove(connection: SseConnection): void {
    if (connection.slot < 0) return;
    removeAt(this.all, connection.slot, (moved, at) => {
      moved.slot = at;
    });
    connection.slot = -1;
    const user = this.users.get(connection.userId);
    if (user === undefined) return;
    removeAt(user.connections, connection.userSlot, (moved, at) => {
      moved.userSlot = at;
    });
    connection.userSlot = -1;
    if (user.connections.length === 0) {
      user.unsubscribe();
      this.users.delete(connection.userId);
    }
  }

  private heartbeatSlice(): void {
    const all = this.all;
    if (all.length === 0) {
      this.heartbeatsOwed = 0;
      return;
    }
    // Each slice owes its share of one heartbeat per stream per period, fractions carried
    // over: rounding each slice up would give a lone stream one every tick, not every period.
    this.heartbeatsOwed += all.length / this.slices;
    const count = Math.min(Math.floor(this.heartbeatsOwed), all.length);
    this.heartbeatsOwed -= count;
    for (let k = 0; k < count && all.length > 0; k++) {
      if (this.heartbeatAt >= all.length) this.heartbeatAt = 0;
      (all[this.heartbeatAt] as SseConnection).heartbeat();
      this.heartbeatAt += 1;
    }
  }
}

/** One event to every stream of a user: encoded once, the same bytes written to each. */
function fanOut(connections: readonly SseConnection[], event: StreamEvent): void {
  const message = Buffer.from(streamEventMessage(event));
  // Backwards: a write that drops a slow reader removes it from this list (swap-removal moves
  // only an element already visited).
  for (let i = connections.length - 1; i >= 0; i--) {
    (connections[i] as SseConnection).deliver(event, message);
  }
}

/** The CORS headers (and their `vary`) among those a reply holds. */
function corsHeaders(headers: Record<string, unknown>): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if ((name.startsWith('access-control-') || name === 'vary') && value !== undefined) {
      picked[name] = String(value);
    }
  }
  return picked;
}

/**
 * Drops Fastify's own 'finish' listener from a hijacked response. It would log the request
 * when the response ends, and it holds the request, the reply and the request's logger for
 * as long as the stream stays open (hours, for each of thousands of streams). Matched by
 * Fastify's function name; if a Fastify version names it otherwise it stays (more memory per
 * stream, nothing else). Node's own 'finish' listener stays.
 */
function forgetReply(raw: FastifyReply['raw']): void {
  for (const event of ['finish', 'error'] as const) {
    for (const listener of raw.listeners(event)) {
      if (listener.name === 'onResFinished') raw.removeListener(event, listener as () => void);
    }
  }
}

/**
 * Empties a started stream's request headers: nothing reads them again, and they would stay in
 * memory for the stream's whole life, the bearer token among them (a browser's EventSource
 * sends a dozen more, cookies included).
 */
function forgetRequestHeaders(req: FastifyRequest['raw']): void {
  req.headers = {};
  req.rawHeaders.length = 0;
}

/** Removes `list[index]` by moving the last element into its place. */
function removeAt<T>(list: T[], index: number, moved: (item: T, at: number) => void): void {
  const last = list.pop() as T;
  if (index < list.length) {
    list[index] = last;
    moved(last, index);
  }
}
