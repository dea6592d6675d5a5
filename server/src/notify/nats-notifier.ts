import { parseStreamEvent, type StreamEvent } from '@tagtime/log/protocol';
import { connect, type NatsConnection, type Subscription } from 'nats';
import { ListenerRegistry } from './listeners.js';
import type { LogUpdatedListener, Notifier } from './notifier.js';

const SUBJECT_PREFIX = 'tagtime.log-updated';

/**
 * Events cross server processes through NATS core pub/sub: a process subscribes to a user's
 * subject while it holds at least one stream of that user, and publishes every append there.
 * The connection does not echo (`noEcho`): a process delivers its own events to its own streams
 * directly, without the broker's round trip, and the broker carries them to the others only,
 * so no stream gets an event twice.
 */
export class NatsNotifier implements Notifier {
  private readonly listeners = new ListenerRegistry();
  private readonly subscriptions = new Map<string, Subscription>();

  private constructor(
    private readonly connection: NatsConnection,
    private readonly onError: (error: unknown) => void,
  ) {}

  static async connect(url: string, onError: (error: unknown) => void): Promise<NatsNotifier> {
    const connection = await connect({ servers: url, name: 'tagtime-server', noEcho: true });
    return new NatsNotifier(connection, onError);
  }

  async publish(userId: string, event: StreamEvent): Promise<void> {
    // Here first: this process's streams get it even if the broker is out of reach.
    this.listeners.deliver(userId, event);
    this.connection.publish(subjectOf(userId), JSON.stringify(event));
  }

  subscribe(userId: string, listener: LogUpdatedListener): () => void {
    if (!this.listeners.has(userId)) this.subscriptions.set(userId, this.listen(userId));
    const remove = this.listeners.add(userId, listener);
    return () => {
      remove();
      if (!this.listeners.has(userId)) {
        this.subscriptions.get(userId)?.unsubscribe();
        this.subscriptions.delete(userId);
      }
    };
  }

  async ready(): Promise<void> {
    // A flush round trip: the broker has processed every SUB sent before it.
    await this.connection.flush();
  }

  private listen(userId: string): Subscription {
    return this.connection.subscribe(subjectOf(userId), {
      callback: (error, message) => {
        if (error) {
          this.onError(error);
          return;
        }
        const event = parseStreamEvent(message.string());
        if (event === undefined) {
          this.onError(new Error(`malformed log-updated message for ${userId}`));
          return;
        }
        this.listeners.deliver(userId, event);
      },
    });
  }

  async close(): Promise<void> {
    this.listeners.clear();
    this.subscriptions.clear();
    await this.connection.drain();
  }
}

function subjectOf(userId: string): string {
  // User ids are `usr_` + base32; anything else is hex-encoded behind a `~`, which no plain id
  // contains, so it stays one subject token and never collides with a plain id.
  const token = /^[A-Za-z0-9_-]+$/.test(userId)
    ? userId
    : `~${Buffer.from(userId, 'utf8').toString('hex')}`;
  return `${SUBJECT_PREFIX}.${token}`;
}
