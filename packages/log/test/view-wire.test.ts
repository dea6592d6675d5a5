// The packed form GET /v1/view sends: exact round trips are checked with every resume in
// resume.test.ts; here, what a reader refuses.
import { describe, expect, it } from 'vitest';
import {
  foldLog,
  type LogRecord,
  LogView,
  type PackedPingsJson,
  packedViewJson,
  packViewState,
  unpackViewState,
} from '../src/index.js';

const BASE = 1700000000000;
const view = foldLog([
  { device: 'watch', t: BASE, kind: 'ping', body: { ping: 1700000000, tags: ['work'], note: 'x' } },
  {
    device: 'phone',
    t: BASE + 5,
    kind: 'ping',
    body: { ping: 1700000000, tags: ['eat'], auto: true },
  },
  { device: 'phone', t: BASE + 6, kind: 'command', body: { op: 'delete-ping', ping: 1700000500 } },
  { device: 'phone', t: BASE + 7, kind: 'error', body: { message: 'BLE disconnected' } },
]);
const packed = () => JSON.parse(JSON.stringify(packViewState(view.state())));

describe('the packed view', () => {
  it('names each device once and gives the state back exactly', () => {
    const sent = packed();
    expect(sent.devices).toEqual(['watch', 'phone']);
    expect(sent.pings).toEqual([
      [1700000000, [0, 0, ['work'], 'x'], [1, 5, ['eat']]],
      [1700000500, 0, 0, [1, -499994]],
    ]);
    expect(unpackViewState(sent)).toEqual(JSON.parse(JSON.stringify(view.state())));
  });

  it.each([
    ['a plain state', () => view.state(), /form is not "packed"/],
    ['a device index out of range', () => ({ ...packed(), devices: ['watch'] }), /no device 1/],
    ['devices that are not ids', () => ({ ...packed(), devices: [1, 2] }), /devices/],
    ['a ping that is not a list', () => ({ ...packed(), pings: [{ ping: 1 }] }), /\[ping/],
    ['a tag that is not a string', () => ({ ...packed(), pings: [[1, [0, 0, [7]]]] }), /tags/],
    ['a t that is not an integer', () => ({ ...packed(), pings: [[1, [0, 0.5, []]]] }), /t is/],
    [
      'a bad count',
      () => ({ ...packed(), diagnostics: [[0, 'warning', '2023-11-14', 1]] }),
      /count/,
    ],
    ['another version', () => ({ ...packed(), v: 2 }), /version 1/],
  ])('refuses %s with a TypeError saying what', (_, value, message) => {
    expect(() => unpackViewState(value())).toThrow(message);
    expect(() => unpackViewState(value())).toThrow(TypeError);
  });
});

describe('the packed view as JSON, its pings kept between changes', () => {
  it("is packViewState's JSON after every record, and makes the pings again only when they change", () => {
    const live = new LogView({ timeZone: 'UTC' });
    const records = [
      { device: 'watch', t: BASE, kind: 'ping', body: { ping: 1700000000, tags: ['work'] } },
      // A config value that spells what the pings' part looks like.
      {
        device: 'phone',
        t: BASE + 1,
        kind: 'config',
        body: { key: 'k', value: { pings: [], x: '"pings":[],' } },
      },
      { device: 'phone', t: BASE + 2, kind: 'error', body: { message: 'BLE disconnected' } },
      { device: 'laptop', t: BASE + 3, kind: 'event', body: { name: 'started' } },
      { device: 'laptop', t: BASE + 4, kind: 'ping', body: { ping: 1700000500, tags: ['eat'] } },
      {
        device: 'phone',
        t: BASE + 5,
        kind: 'command',
        body: { op: 'delete-ping', ping: 1700000000 },
      },
      {
        device: 'phone',
        t: BASE + 6,
        kind: 'command',
        body: { op: 'rename-tag', from: 'eat', to: 'food' },
      },
      { device: 'watch', t: BASE + 7, kind: 'error', body: { message: 'again' } },
    ] satisfies LogRecord[];
    let kept: PackedPingsJson | undefined;
    let made = 0;
    for (const record of records) {
      live.add(record);
      const before = kept;
      const out = packedViewJson(live, kept);
      if (out.pings !== before) made += 1;
      kept = out.pings;
      expect(out.json).toBe(JSON.stringify(packViewState(live.state())));
      expect(unpackViewState(JSON.parse(out.json))).toEqual(
        JSON.parse(JSON.stringify(live.state())),
      );
    }
    // Two answers, a deletion and a rename: not the config, the errors or the event.
    expect(made).toBe(4);
  });
});
