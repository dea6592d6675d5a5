import type { StreamEvent } from '@tagtime/log/protocol';
import { ListenerRegistry } from './listeners.js';
import type { LogUpdatedListener, Notifier } from './notifier.js';

/** The default for one server process: events go straight to this process's listeners. */
export class LocalNotifier implements Notifier {
  private readonly listeners = new ListenerRegistry();

  async publish(userId: string, event: StreamEvent): Promise<void> {
    this.listeners.deliver(userId, event);
  }

  subscribe(userId: string, listener: LogUpdatedListener): () => void {
    return this.listeners.add(userId, listener);
  }

  async ready(): Promise<void> {}

  async close(): Promise<void> {
    this.listeners.clear();
  }
}
