// The log server's stream as the console reads it (to relay it) and as the log browser reads
// the relay: `event: log` messages checked with the protocol's schema, anything else skipped.
import { describe, expect, it } from 'vitest';
import { LogEventParser, logEventFromData, logEventText } from '../src/lib/sse-events';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('logEventFromData', () => {
  it('reads an event the protocol allows', () => {
    expect(logEventFromData('{"device":"dev_w-1","head":1700000000000}')).toEqual({
      device: 'dev_w-1',
      head: 1700000000000,
    });
  });

  it.each([
    ['not JSON', '{device'],
    ['no head', '{"device":"dev_w"}'],
    ['a head that is no time', '{"device":"dev_w","head":-1}'],
    ['a fractional head', '{"device":"dev_w","head":1.5}'],
    ['a device id the log cannot have', '{"device":"dev w","head":1}'],
    ['a list', '[1,2]'],
  ])('skips %s', (_, data) => {
    expect(logEventFromData(data)).toBeUndefined();
  });
});

describe('LogEventParser', () => {
  it('reads what the console writes, split anywhere, with heartbeats and CRLF between', () => {
    const text = `retry: 1000\r\n\r\n${logEventText({ device: 'a', head: 5 })}: heartbeat\n\n${logEventText({ device: 'b', head: 7 })}`;
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
