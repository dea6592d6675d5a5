// The record of delivered messages, and waits on it: tests await a message instead of sleeping.
import type { Urgency } from './push-request.js';
import type { VapidIdentity } from './vapid.js';

/** A message the stand-in accepted (201) and decrypted. */
export interface PushMessage {
  /** The subscription's endpoint URL. */
  endpoint: string;
  /** The push message resource, as answered in the Location header. */
  location: string;
  /** Unix time in ms at which the request arrived. */
  receivedAt: number;
  ttl: number;
  urgency: Urgency;
  topic: string | null;
  /** The sender, from its verified VAPID token. */
  vapid: VapidIdentity;
  /** The decrypted payload; null for a message sent without one. */
  payload: Buffer | null;
  /** The payload as UTF-8; null without a payload or when it is not valid UTF-8. */
  text: string | null;
  /** The payload text parsed as JSON; undefined when it does not parse. */
  json: unknown;
}

export interface WaitOptions {
  /** Only messages to this endpoint. */
  endpoint?: string;
  /** Default 5000. */
  timeoutMs?: number;
}

interface Waiter {
  check(): void;
  fail(error: Error): void;
}

const DEFAULT_TIMEOUT_MS = 5000;

export class MessageLog {
  private readonly messages: PushMessage[] = [];
  // Per endpoint ('' for all), how many messages nextMessage has handed out.
  private readonly cursors = new Map<string, number>();
  private readonly waiters = new Set<Waiter>();
  private closed = false;

  /** `describe` adds the service's state to a timeout's error message. */
  constructor(private readonly describe: () => string) {}

  add(message: PushMessage): void {
    this.messages.push(message);
    for (const waiter of [...this.waiters]) waiter.check();
  }

  list(endpoint?: string): PushMessage[] {
    return endpoint === undefined
      ? [...this.messages]
      : this.messages.filter((message) => message.endpoint === endpoint);
  }

  /**
   * The next message not yet handed out by this method (for the endpoint, or any), in arrival
   * order: one that arrived before the call is not missed.
   */
  async next(options: WaitOptions = {}): Promise<PushMessage> {
    const key = options.endpoint ?? '';
    const index = this.cursors.get(key) ?? 0;
    this.cursors.set(key, index + 1);
    try {
      const messages = await this.until(
        () => this.list(options.endpoint),
        (messages) => messages.length > index,
        `message #${index + 1}${options.endpoint ? ` to ${options.endpoint}` : ''}`,
        options.timeoutMs,
      );
      return messages[index] as PushMessage;
    } catch (error) {
      if (this.cursors.get(key) === index + 1) this.cursors.set(key, index);
      throw error;
    }
  }

  /** Resolves with the messages once there are at least `count` (for the endpoint, or all). */
  waitForCount(count: number, options: WaitOptions = {}): Promise<PushMessage[]> {
    return this.until(
      () => this.list(options.endpoint),
      (messages) => messages.length >= count,
      `${count} messages${options.endpoint ? ` to ${options.endpoint}` : ''}`,
      options.timeoutMs,
    );
  }

  close(): void {
    this.closed = true;
    for (const waiter of [...this.waiters]) waiter.fail(new Error('the push service closed'));
  }

  private until(
    read: () => PushMessage[],
    done: (messages: PushMessage[]) => boolean,
    what: string,
    timeoutMs = DEFAULT_TIMEOUT_MS,
  ): Promise<PushMessage[]> {
    const now = read();
    if (done(now)) return Promise.resolve(now);
    if (this.closed) return Promise.reject(new Error('the push service is closed'));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        check: () => {
          const messages = read();
          if (!done(messages)) return;
          stop();
          resolve(messages);
        },
        fail: (error) => {
          stop();
          reject(error);
        },
      };
      const timer = setTimeout(
        () => waiter.fail(new Error(`no ${what} within ${timeoutMs} ms; ${this.describe()}`)),
        timeoutMs,
      );
      const stop = () => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
      };
      this.waiters.add(waiter);
    });
  }
}
