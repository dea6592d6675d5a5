import type { StreamEvent } from '@tagtime/log/protocol';
import type { LogUpdatedListener } from './notifier.js';

/** The listeners of this process, by user: what every Notifier delivers into. */
export class ListenerRegistry {
  private readonly byUser = new Map<string, Set<LogUpdatedListener>>();

  add(userId: string, listener: LogUpdatedListener): () => void {
    let set = this.byUser.get(userId);
    if (set === undefined) {
      set = new Set();
      this.byUser.set(userId, set);
    }
    set.add(listener);
    return () => {
      const current = this.byUser.get(userId);
      if (current === undefined) return;
      current.delete(listener);
      if (current.size === 0) this.byUser.delete(userId);
    };
  }

  /** Whether anyone here listens to the user (a broker subscription is needed). */
  has(userId: string): boolean {
    return this.byUser.has(userId);
  }

  deliver(userId: string, event: StreamEvent): void {
    const set = this.byUser.get(userId);
    if (set === undefined) return;
    // A copy: a listener may unsubscribe while we iterate.
    for (const listener of [...set]) listener(event);
  }

  get size(): number {
    let total = 0;
    for (const set of this.byUser.values()) total += set.size;
    return total;
  }

  clear(): void {
    this.byUser.clear();
  }
}
