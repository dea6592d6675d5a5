// @tagtime/log/protocol: the answers of sync protocol v1, for the server and every client.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  appendResultSchema,
  deviceInfoSchema,
  devicesListSchema,
  errorBodySchema,
  headsSchema,
  pairResultSchema,
  parseStreamEvent,
  pushMessageSchema,
  pushStateSchema,
  pushSubscriptionBodySchema,
  recordsPageSchema,
  renameSelfBodySchema,
  streamEventMessage,
  streamEventSchema,
} from '../src/protocol/index.js';

describe('the protocol module', () => {
  it('imports only zod and plain modules of this package (browsers, the Zepp phone app)', () => {
    const dir = join(import.meta.dirname, '../src/protocol');
    const files = readdirSync(dir);
    const allowed = [
      'zod',
      '../records.js',
      ...files.map((file) => `./${file.replace(/\.ts$/, '.js')}`),
    ];
    for (const file of files) {
      const text = readFileSync(join(dir, file), 'utf8');
      for (const match of text.matchAll(/from '([^']+)'/g)) {
        expect(allowed, `${file} imports ${match[1]}`).toContain(match[1]);
      }
    }
  });

  it('reads the Web Push shapes: a PushSubscription as browsers give it, the message at a ping', () => {
    const subscription = {
      endpoint: 'https://fcm.googleapis.com/fcm/send/abc',
      expirationTime: null,
      keys: { p256dh: `B${'A'.repeat(86)}`, auth: 'A'.repeat(22) },
    };
    expect(pushSubscriptionBodySchema.parse(subscription)).toEqual(subscription);
    for (const bad of [
      { ...subscription, endpoint: 'http://fcm.googleapis.com/x' },
      { ...subscription, keys: { ...subscription.keys, auth: 'A'.repeat(21) } },
      { ...subscription, keys: { ...subscription.keys, p256dh: 'B'.repeat(40) } },
    ]) {
      expect(pushSubscriptionBodySchema.safeParse(bad).success).toBe(false);
    }
    const message = { v: 1, ping: 1700003368, tags: ['work'], answered: [1700003000] };
    expect(pushMessageSchema.parse(message)).toEqual(message);
    expect(pushMessageSchema.safeParse({ ...message, v: 2 }).success).toBe(false);
    expect(
      pushStateSchema.parse({ publicKey: 'k', subscribed: false, endpoint: null }),
    ).toBeTruthy();
  });

  it('accepts the answers DESIGN.md describes', () => {
    expect(appendResultSchema.parse({ accepted: 2, duplicates: 1, head: 17 })).toBeTruthy();
    expect(appendResultSchema.parse({ accepted: 0, duplicates: 0, head: null })).toBeTruthy();
    const record = { device: 'w', t: 5, kind: 'ping', body: { ping: 1, tags: ['a'] } };
    expect(recordsPageSchema.parse({ records: [record], cursor: 'w:5', more: false })).toEqual({
      records: [record],
      cursor: 'w:5',
      more: false,
    });
    expect(headsSchema.parse({ heads: { w: 5, p: 0 } })).toEqual({ heads: { w: 5, p: 0 } });
    expect(pairResultSchema.parse({ device: 'dev_1', token: 'ttd_x' })).toBeTruthy();
    expect(streamEventSchema.parse({ device: 'w', head: 5 })).toEqual({ device: 'w', head: 5 });
    const device = { id: 'dev_1', name: 'Wrist', kind: 'watch', revoked: false, self: true };
    expect(devicesListSchema.parse({ devices: [device] })).toEqual({ devices: [device] });
    expect(deviceInfoSchema.parse({ ...device, name: 'Desk' })).toEqual({
      ...device,
      name: 'Desk',
    });
    expect(renameSelfBodySchema.parse({ name: '  Desk ' })).toEqual({ name: 'Desk' });
    const error = { error: { code: 'conflict', message: 'm', index: 3 } };
    expect(errorBodySchema.parse(error)).toEqual(error);
  });

  it.each([
    [appendResultSchema, { accepted: -1, duplicates: 0, head: 1 }],
    [appendResultSchema, { accepted: 1, duplicates: 0, head: 1.5 }],
    [
      recordsPageSchema,
      { records: [{ device: 'w', t: 1, kind: 'nap', body: {} }], cursor: '', more: false },
    ],
    [recordsPageSchema, { records: [], cursor: '', more: 'no' }],
    [headsSchema, { heads: { w: -3 } }],
    [pairResultSchema, { device: 'not an id', token: 't' }],
    [streamEventSchema, { device: 'w' }],
    [devicesListSchema, { devices: [{ id: 'dev_1', name: 'W', kind: 'watch', revoked: 0 }] }],
    [deviceInfoSchema, { id: 'dev_1', name: '', kind: 'watch', revoked: false, self: false }],
    [renameSelfBodySchema, { name: '   ' }],
    [errorBodySchema, { error: 'Bad Request', statusCode: 400 }],
  ])('refuses a malformed answer (%#)', (schema, value) => {
    expect(schema.safeParse(value).success).toBe(false);
  });
});

describe('stream events', () => {
  it('reads an event the protocol allows', () => {
    expect(parseStreamEvent('{"device":"dev_w-1","head":1700000000000}')).toEqual({
      device: 'dev_w-1',
      head: 1700000000000,
    });
  });

  it.each([
    ['not JSON', '{device'],
    ['a keep-alive', 'ping'],
    ['no head', '{"device":"dev_w"}'],
    ['a head that is no time', '{"device":"dev_w","head":-1}'],
    ['a fractional head', '{"device":"dev_w","head":1.5}'],
    ['a device id the log cannot have', '{"device":"dev w","head":1}'],
    ['a list', '[1,2]'],
    ['no data at all', undefined],
  ])('skips %s', (_, data) => {
    expect(parseStreamEvent(data)).toBeUndefined();
  });

  it('writes a message whose name, id and data give the event back', () => {
    const device = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/);
    const head = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });
    fc.assert(
      fc.property(device, head, (device, head) => {
        const lines = streamEventMessage({ device, head }).split('\n');
        expect(lines).toEqual([
          'event: log',
          `id: ${device}:${head}`,
          expect.stringMatching(/^data: /),
          '',
          '',
        ]);
        expect(parseStreamEvent(lines[2]?.slice('data: '.length))).toEqual({ device, head });
      }),
    );
  });
});
