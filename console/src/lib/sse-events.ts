import { parseStreamEvent, STREAM_EVENT_NAME, type StreamEvent } from '@tagtime/log/protocol';

/** Longest line the parser keeps: an event is ~100 bytes, anything longer is not ours. */
const MAX_LINE = 4096;

/**
 * Reads `event: log` messages out of a Server-Sent Events byte stream, fed chunk by chunk;
 * comments (heartbeats), other events and malformed data are skipped. Each message's data is
 * read by the protocol's `parseStreamEvent`, as every reader of the stream reads it.
 */
export class LogEventParser {
  #buffer = '';
  #event = '';
  #data: string[] = [];
  readonly #decoder = new TextDecoder();

  feed(chunk: Uint8Array): StreamEvent[] {
    this.#buffer += this.#decoder.decode(chunk, { stream: true });
    const events: StreamEvent[] = [];
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

  #line(line: string): StreamEvent | undefined {
    if (line === '') {
      const event =
        this.#event === STREAM_EVENT_NAME ? parseStreamEvent(this.#data.join('\n')) : undefined;
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
