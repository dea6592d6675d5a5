import { type StreamEvent, streamEventSchema } from '@tagtime/log/protocol';

/** One "log updated" event of the log server's stream (`event: log`), as the protocol says it. */
export type LogEvent = StreamEvent;

/**
 * The event in the `data` of one `event: log` message, checked with the protocol's schema;
 * undefined when it is not one (not JSON, or another shape): a stream skips what it cannot
 * read rather than ending, and the next event of the same log carries its head again.
 */
export function logEventFromData(data: string): LogEvent | undefined {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return undefined;
  }
  const parsed = streamEventSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** An event as the console writes it to a browser (the log server's own wire format). */
export function logEventText(event: LogEvent): string {
  const data = JSON.stringify({ device: event.device, head: event.head });
  return `event: log\nid: ${event.device}:${event.head}\ndata: ${data}\n\n`;
}

/** Longest line the parser keeps: an event is ~100 bytes, anything longer is not ours. */
const MAX_LINE = 4096;

/**
 * Reads `event: log` messages out of a Server-Sent Events byte stream, fed chunk by chunk;
 * comments (heartbeats), other events and malformed data are skipped.
 */
export class LogEventParser {
  #buffer = '';
  #event = '';
  #data: string[] = [];
  readonly #decoder = new TextDecoder();

  feed(chunk: Uint8Array): LogEvent[] {
    this.#buffer += this.#decoder.decode(chunk, { stream: true });
    const events: LogEvent[] = [];
    for (;;) {
      const end = this.#buffer.search(/\r\n|\r|\n/);
      if (end < 0) {
        if (this.#buffer.length > MAX_LINE) this.#buffer = '';
        return events;
      }
      const line = this.#buffer.slice(0, end);
      const width = this.#buffer.startsWith('\r\n', end) ? 2 : 1;
      this.#buffer = this.#buffer.slice(end + width);
      const event = this.#line(line);
      if (event) events.push(event);
    }
  }

  #line(line: string): LogEvent | undefined {
    if (line === '') {
      const event = this.#event === 'log' ? logEventFromData(this.#data.join('\n')) : undefined;
      this.#event = '';
      this.#data = [];
      return event;
    }
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') this.#event = value;
    else if (field === 'data') this.#data.push(value);
    return undefined;
  }
}
