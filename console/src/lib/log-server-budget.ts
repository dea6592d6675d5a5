import 'server-only';

/**
 * The console's connections to the log server, which caps the connections of one address (128
 * by default) and sees every console process behind one address as one client. Two budgets
 * keep the console under that cap, so a flood of one kind never starves the other:
 *
 *   reads    short calls (pages, heads, a person's own log): at most LOG_SERVER_READS at once,
 *            more wait their turn (within their own timeout); each body is read in full before
 *            its slot is freed, so a slot is one connection.
 *   streams  calls that hold a connection open (live tails, exports): at most
 *            LOG_SERVER_STREAMS; one more is refused at once, never queued.
 *
 * Keep reads + streams below the server's MAX_CONNECTIONS_PER_ADDRESS divided by the console
 * processes that share an address.
 */
export class Budget {
  #inUse = 0;
  readonly #waiting: Array<() => void> = [];

  constructor(readonly limit: number) {}

  get inUse(): number {
    return this.#inUse;
  }

  /** A slot now, or undefined when all are taken. The release runs once, however often called. */
  tryTake(): (() => void) | undefined {
    if (this.#inUse >= this.limit) return undefined;
    this.#inUse += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#inUse -= 1;
      this.#waiting.shift()?.();
    };
  }

  /** A slot, waiting for one to be freed; rejects with the signal's reason if it aborts first. */
  async take(signal?: AbortSignal): Promise<() => void> {
    for (;;) {
      const release = this.tryTake();
      if (release) return release;
      signal?.throwIfAborted();
      await new Promise<void>((resolve, reject) => {
        const wake = () => {
          signal?.removeEventListener('abort', abort);
          resolve();
        };
        const abort = () => {
          const at = this.#waiting.indexOf(wake);
          if (at >= 0) this.#waiting.splice(at, 1);
          reject(signal?.reason);
        };
        this.#waiting.push(wake);
        signal?.addEventListener('abort', abort, { once: true });
      });
    }
  }
}

function limitFromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isSafeInteger(value) && value > 0 ? value : fallback;
}

interface Budgets {
  reads: Budget;
  streams: Budget;
}

// One pair per server process, whichever route bundle loads this module first.
const holder = globalThis as typeof globalThis & { tagtimeLogServerBudgets?: Budgets };

export function logServerBudgets(): Budgets {
  holder.tagtimeLogServerBudgets ??= {
    reads: new Budget(limitFromEnv('LOG_SERVER_READS', 64)),
    streams: new Budget(limitFromEnv('LOG_SERVER_STREAMS', 32)),
  };
  return holder.tagtimeLogServerBudgets;
}

/** A body that frees its slot once read to the end, failed or cancelled. */
export function releasingBody(
  body: ReadableStream<Uint8Array>,
  release: () => void,
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) {
          release();
          controller.close();
        } else {
          controller.enqueue(value);
        }
      } catch (error) {
        release();
        controller.error(error);
      }
    },
    async cancel(reason) {
      release();
      await reader.cancel(reason).catch(() => {});
    },
  });
}
