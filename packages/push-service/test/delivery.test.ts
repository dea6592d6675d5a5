import { describe, expect, it } from 'vitest';
import type { PushService } from '../src/index.js';
import { SUBJECT, send, useService, type VapidKeys } from './helpers.js';

let service: PushService;
let vapid: VapidKeys;
useService((started) => {
  ({ service, vapid } = started);
});

describe('a message web-push sends', () => {
  it('is answered 201 with a Location and decrypted to the exact payload, with its headers', async () => {
    const subscription = service.subscribe();
    const payload = JSON.stringify({ ping: 1_765_000_000, tags: ['work', 'café ☕'] });

    const result = await send(service, subscription, payload, vapid, {
      TTL: 60,
      urgency: 'high',
      topic: 'ping',
    });

    expect(result.statusCode).toBe(201);
    expect(result.headers.location).toMatch(new RegExp(`^${service.origin}/message/`));
    const message = await service.nextMessage({ endpoint: subscription.endpoint });
    expect(message.text).toBe(payload);
    expect(message.payload?.equals(Buffer.from(payload))).toBe(true);
    expect(message.json).toEqual({ ping: 1_765_000_000, tags: ['work', 'café ☕'] });
    expect(message).toMatchObject({
      ttl: 60,
      urgency: 'high',
      topic: 'ping',
      location: result.headers.location,
    });
    expect(message.vapid).toMatchObject({
      sub: SUBJECT,
      aud: service.origin,
      publicKey: vapid.publicKey,
    });
    expect(service.count(subscription.endpoint)).toBe(1);
  });

  it('without a payload is counted, with payload, text and json empty', async () => {
    const subscription = service.subscribe();

    await send(service, subscription, null, vapid);

    const message = await service.nextMessage({ endpoint: subscription.endpoint });
    expect(message).toMatchObject({
      payload: null,
      text: null,
      json: undefined,
      urgency: 'normal',
      topic: null,
    });
    expect(service.count(subscription.endpoint)).toBe(1);
  });

  it('keeps a binary payload as bytes, with no text', async () => {
    const subscription = service.subscribe();
    const payload = Buffer.from([0xff, 0xfe, 0x00, 0x02]);

    await send(service, subscription, payload, vapid);

    const message = await service.nextMessage({ endpoint: subscription.endpoint });
    expect(message.payload?.equals(payload)).toBe(true);
    expect(message.text).toBeNull();
  });

  it('of the largest size that fits 4096 encrypted bytes is delivered', async () => {
    const subscription = service.subscribe();
    // aes128gcm adds 86 header bytes, a delimiter and a 16-byte tag: 4096 - 103.
    const payload = 'x'.repeat(3993);

    await send(service, subscription, payload, vapid);

    expect((await service.nextMessage({ endpoint: subscription.endpoint })).text).toBe(payload);
  });
});

describe('waiting and counting', () => {
  it('counts per endpoint and waits for several messages without sleeping', async () => {
    const browsers = [service.subscribe(), service.subscribe(), service.subscribe()];
    const before = service.count();

    await Promise.all(browsers.map((browser, i) => send(service, browser, `ping ${i}`, vapid)));

    await service.waitForCount(before + 3);
    for (const [i, browser] of browsers.entries()) {
      expect(service.messages(browser.endpoint).map((m) => m.text)).toEqual([`ping ${i}`]);
    }
  });

  it('hands out each message once, even one that arrived before the wait', async () => {
    const subscription = service.subscribe();
    await send(service, subscription, 'first', vapid);
    const second = send(service, subscription, 'second', vapid);

    expect((await service.nextMessage({ endpoint: subscription.endpoint })).text).toBe('first');
    expect((await service.nextMessage({ endpoint: subscription.endpoint })).text).toBe('second');
    await second;
  });

  it('rejects a wait that times out, saying what it saw', async () => {
    const subscription = service.subscribe();

    await expect(
      service.nextMessage({ endpoint: subscription.endpoint, timeoutMs: 50 }),
    ).rejects.toThrow(/no message #1 to .* within 50 ms; \d+ delivered/);
  });
});
