import type { ServerResponse } from 'node:http';

/** A slow reader holding this much unsent data is dropped; it reconnects and catches up. */
const MAX_BUFFERED_BYTES = 1 << 20;

/** One open Server-Sent Events response. */
export class SseConnection {
  private closed = false;

  constructor(
    private readonly raw: ServerResponse,
    private readonly onClose: () => void,
  ) {
    raw.on('close', () => this.finish());
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  /** Writes one event; `data` is sent as one line of JSON. */
  send(event: string, data: unknown, id?: string): void {
    const idLine = id === undefined ? '' : `id: ${id}\n`;
    this.write(`event: ${event}\n${idLine}data: ${JSON.stringify(data)}\n\n`);
  }

  /** A comment line: keeps proxies and clients from timing the connection out. */
  heartbeat(): void {
    this.write(': heartbeat\n\n');
  }

  write(text: string): void {
    if (this.closed) return;
    if (this.raw.writableLength > MAX_BUFFERED_BYTES) {
      this.raw.destroy();
      return;
    }
    this.raw.write(text);
  }

  close(): void {
    if (this.closed) return;
    this.raw.end();
    this.finish();
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    this.onClose();
  }
}
