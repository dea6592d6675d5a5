import 'server-only';
import { type StreamEvent, streamEventMessage } from '@tagtime/log/protocol';
import { LogServerError } from './log-server';
import { LogEventParser } from './sse-events';
import { openStream, type StaffRead } from './support-logs';

/**
 * The staff log browser's live tails. The log server caps the connections of one address and
 * the console is one address, so tails must not each hold a connection: the console keeps one
 * stream per tailed user (within the stream budget, log-server-budget.ts) and fans its events
 * out to every staff browser following that user; a staff member may follow a few at once.
 *
 * Each follower is checked again (session live, staff role held) before any event reaches it
 * and every few seconds while idle: a removed role or an ended session ends the tail at once,
 * and the browser's reconnect then meets the route's refusal.
 */

export interface TailLimits {
  /** Open tails of one staff member (browser tabs following a user). */
  perStaff: number;
  /** How often an idle follower is checked again, and the period of its heartbeats × 3. */
  recheckMs: number;
}

function limitsFromEnv(): TailLimits {
  const perStaff = Number(process.env.CONSOLE_TAILS_PER_STAFF);
  return {
    perStaff: Number.isSafeInteger(perStaff) && perStaff > 0 ? perStaff : 4,
    recheckMs: 5000,
  };
}

export class TailRefused extends Error {
  override name = 'TailRefused';
}

export interface Follow {
  /** Whose log to follow. */
  userId: string;
  /** The staff member following, and what the log server audits the first stream with. */
  read: StaffRead;
  /** Whether the staff member may still follow (session live, role held); false ends the tail. */
  stillAllowed: () => Promise<boolean>;
  /** Writes the staff member's audit row when they join a stream another read opened. */
  auditJoin: () => Promise<unknown>;
  /** The browser left. */
  signal: AbortSignal;
}

const HEARTBEAT = ': heartbeat\n\n';
/** A browser this far behind (queued chunks) is dropped; its EventSource reconnects. */
const MAX_QUEUED = 256;

/** One staff browser following a user: its response body and its checks. */
class Follower {
  readonly body: ReadableStream<Uint8Array>;
  #controller!: ReadableStreamDefaultController<Uint8Array>;
  #pending: string[] = [];
  #checking = false;
  #closed = false;
  #ticks = 0;
  readonly #timer: NodeJS.Timeout;
  readonly #encoder = new TextEncoder();

  constructor(
    readonly staffUserId: string,
    private readonly stillAllowed: () => Promise<boolean>,
    recheckMs: number,
    private readonly onClose: (follower: Follower) => void,
  ) {
    this.body = new ReadableStream<Uint8Array>({
      start: (controller) => {
        this.#controller = controller;
      },
      cancel: () => this.close(),
    });
    this.#timer = setInterval(() => this.#tick(), recheckMs);
    this.#timer.unref();
  }

  /** Text for the browser, written once the follower is known to be allowed still. */
  deliver(text: string): void {
    if (this.#closed) return;
    this.#pending.push(text);
    void this.#flush();
  }

  /** Text written without a check (the stream's start, heartbeats). */
  write(text: string): void {
    if (this.#closed) return;
    if ((this.#controller.desiredSize ?? 0) < -MAX_QUEUED) {
      this.close();
      return;
    }
    this.#controller.enqueue(this.#encoder.encode(text));
  }

  #tick(): void {
    this.#ticks += 1;
    if (this.#ticks % 3 === 0) this.write(HEARTBEAT);
    void this.#flush();
  }

  /** Checks, then writes what waited; events arriving meanwhile wait for the next check. */
  async #flush(): Promise<void> {
    if (this.#checking || this.#closed) return;
    this.#checking = true;
    try {
      for (;;) {
        const batch = this.#pending;
        this.#pending = [];
        const allowed = await this.stillAllowed().catch(() => false);
        if (!allowed) {
          this.close();
          return;
        }
        for (const text of batch) this.write(text);
        if (this.#pending.length === 0) return;
      }
    } finally {
      this.#checking = false;
    }
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#timer);
    this.#pending = [];
    try {
      this.#controller.close();
    } catch {
      // already cancelled by the browser
    }
    this.onClose(this);
  }
}

/** The console's one stream of a user's log events and the browsers following it. */
class UserStream {
  readonly followers = new Set<Follower>();
  readonly heads = new Map<string, number>();
  readonly opened: Promise<void>;
  ended = false;
  readonly #abort = new AbortController();

  constructor(
    readonly userId: string,
    read: StaffRead,
    private readonly onEnd: (stream: UserStream) => void,
  ) {
    this.opened = openStream(read, userId, this.#abort.signal).then(
      (response) => {
        if (!response.body) throw new LogServerError('failed', 'The log stream has no body.');
        void this.#pump(response.body);
      },
      (error: unknown) => {
        this.end();
        throw error;
      },
    );
    this.opened.catch(() => {});
  }

  async #pump(body: ReadableStream<Uint8Array>): Promise<void> {
    const parser = new LogEventParser();
    const reader = body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        for (const event of parser.feed(value)) this.#publish(event);
      }
    } catch {
      // aborted or broken: the followers reconnect and get a fresh stream
    } finally {
      reader.releaseLock();
      this.end();
    }
  }

  #publish(event: StreamEvent): void {
    this.heads.set(event.device, Math.max(this.heads.get(event.device) ?? 0, event.head));
    const text = streamEventMessage(event);
    for (const follower of this.followers) follower.deliver(text);
  }

  /** What a browser gets first: the retry delay and each log's head, as the server sends it. */
  startText(): string {
    let text = 'retry: 1000\n\n';
    for (const [device, head] of this.heads) text += streamEventMessage({ device, head });
    return text;
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.#abort.abort();
    this.onEnd(this);
    for (const follower of [...this.followers]) follower.close();
  }
}

/** The live tails of this console process. */
export class LiveTails {
  readonly #streams = new Map<string, UserStream>();
  readonly #perStaff = new Map<string, number>();

  constructor(readonly limits: TailLimits = limitsFromEnv()) {}

  /** Streams held open to the log server (one per user followed). */
  get upstreams(): number {
    return this.#streams.size;
  }

  /**
   * Follows a user's log for one staff browser: the body to answer with. Throws TailRefused
   * over the staff member's limit, LogServerError when the stream cannot be opened (`busy`
   * when the console's stream budget is spent).
   */
  async follow(follow: Follow): Promise<ReadableStream<Uint8Array>> {
    const staffId = follow.read.staffUserId;
    const open = this.#perStaff.get(staffId) ?? 0;
    if (open >= this.limits.perStaff) {
      throw new TailRefused(
        `You have ${open} live tails open, the most one person may; close one first.`,
      );
    }
    this.#perStaff.set(staffId, open + 1);
    try {
      let stream = this.#streams.get(follow.userId);
      const joining = stream !== undefined;
      if (!stream) {
        stream = new UserStream(follow.userId, follow.read, (ended) => {
          if (this.#streams.get(ended.userId) === ended) this.#streams.delete(ended.userId);
        });
        this.#streams.set(follow.userId, stream);
      }
      await stream.opened;
      // The log server audited the read that opened the stream; a joiner is audited here.
      if (joining) await follow.auditJoin();
      if (stream.ended || follow.signal.aborted) throw new TailRefused('The stream ended.');
      const follower = new Follower(staffId, follow.stillAllowed, this.limits.recheckMs, (closed) =>
        this.#leave(stream, closed),
      );
      stream.followers.add(follower);
      follow.signal.addEventListener('abort', () => follower.close(), { once: true });
      follower.write(stream.startText());
      return follower.body;
    } catch (error) {
      this.#release(staffId);
      throw error;
    }
  }

  #leave(stream: UserStream, follower: Follower): void {
    this.#release(follower.staffUserId);
    stream.followers.delete(follower);
    if (stream.followers.size === 0) stream.end();
  }

  #release(staffId: string): void {
    const left = (this.#perStaff.get(staffId) ?? 1) - 1;
    if (left <= 0) this.#perStaff.delete(staffId);
    else this.#perStaff.set(staffId, left);
  }
}

// One per server process, whichever route bundle loads this module first.
const holder = globalThis as typeof globalThis & { tagtimeLiveTails?: LiveTails };

export function liveTails(): LiveTails {
  holder.tagtimeLiveTails ??= new LiveTails();
  return holder.tagtimeLiveTails;
}
