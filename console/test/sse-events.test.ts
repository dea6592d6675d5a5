// The log server's stream as the console reads it (to relay it): `event: log` messages checked
// with the protocol's parser (tested with the protocol), anything else skipped.
import { streamEventMessage } from '@tagtime/log/protocol';
import { describe, expect, it } from 'vitest';
import { LogEventParser } from '../src/lib/sse-events';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('LogEventParser', () => {
  it('reads what the console writes, split anywhere, with heartbeats and CRLF between', () => {
    const text = `retry: 1000\r\n\r\n${streamEventMessage({ device: 'a', head: 5 })}: heartbeat\n\n${streamEventMessage({ device: 'b', head: 7 })}`;
    const parser = new LogEventParser();
    const events = [];
    for (let i = 0; i < text.length; i += 3)
      events.push(...parser.feed(bytes(text.slice(i, i + 3))));
    expect(events).toEqual([
      { device: 'a', head: 5 },
      { device: 'b', head: 7 },
    ]);
  });

  it('skips other events and malformed data, and goes on after them', () => {
    const parser = new LogEventParser();
    const events = parser.feed(
      bytes(
        'event: other\ndata: {"device":"a","head":1}\n\n' +
          'event: log\ndata: nonsense\n\n' +
          'event: log\ndata: {"device":"a","head":2}\n\n',
      ),
    );
    expect(events).toEqual([{ device: 'a', head: 2 }]);
  });
});
