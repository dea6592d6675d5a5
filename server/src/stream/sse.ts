import type { ServerResponse } from 'node:http';
import type { StreamEvent } from '@tagtime/log/protocol';

/** A slow reader holding this much unsent data is dropped; it reconnects and catches up. */
const MAX_BUFFERED_BYTES = 1 << 20;

/** A write to a socket the client reset: 'close' follows and ends the stream. */
function ignoreWriteError(): void {}

/** A comment line: keeps proxies and clients from timing the connection out. */
const HEARTBEAT = Buffer.from(': heartbeat\n\n');

/**
 * One open Server-Sent Events response. Its fields are all the per-stream state the server
 * keeps (see EventStreams): two positions for O(1) removal, and the events that arrive while the
 * stream is still reading its first heads (rare, so the list exists only then).
 */
export class SseConnection {
  /** Position in EventStreams' list of every connection (heartbeats walk it in slices). */
  slot = -1;
  /** Position in its user's list (events fan out over it). */
  userSlot = -1;
  /** Events that came before the stream started; undefined once it has. */
  pending: StreamEvent[] | undefined = [];
  private closed = false;

  constructor(
    readonly userId: string,
    private readonly raw: ServerResponse,
    private readonly owner: { remove(connection: SseConnection): void },
    private readonly onEnd: (() => void) | undefined,
  ) {
    raw.on('close', () => this.finish());
    raw.on('error', ignoreWriteError);
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  /** Sends a message encoded once for every stream (an event or the heartbeat). */
  write(message: Buffer | string): void {
    if (this.closed) return;
    if (this.raw.writableLength > MAX_BUFFERED_BYTES) {
      this.raw.destroy();
      return;
    }
    this.raw.write(message);
  }

  /** A heartbeat, once the stream has started (before, its headers are not written yet). */
  heartbeat(): void {
    if (this.pending === undefined) this.write(HEARTBEAT);
  }

  /** An event for this stream: written, or kept until the stream has started. */
  deliver(event: StreamEvent, message: Buffer): void {
    if (this.pending !== undefined) this.pending.push(event);
    else this.write(message);
  }

  close(): void {
    if (this.closed) return;
    this.raw.end();
    this.finish();
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    this.owner.remove(this);
    this.onEnd?.();
  }
}
