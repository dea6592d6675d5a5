import { describe, expect, it } from 'vitest';
import type webpush from 'web-push';
import type { PushService } from '../src/index.js';
import { send, useService, type VapidKeys } from './helpers.js';

let service: PushService;
let vapid: VapidKeys;
useService((started) => {
  ({ service, vapid } = started);
});

describe('answers a test scripts', () => {
  it('410 makes web-push reject with 410 and ends the subscription: later sends get 410', async () => {
    const subscription = service.subscribe();
    service.failNext(subscription.endpoint, 1, { status: 410 });

    await expect(send(service, subscription, 'ping', vapid)).rejects.toMatchObject({
      statusCode: 410,
    });

    expect(service.isSubscribed(subscription.endpoint)).toBe(false);
    await expect(send(service, subscription, 'ping', vapid)).rejects.toMatchObject({
      statusCode: 410,
    });
    expect(service.count(subscription.endpoint)).toBe(0);
    expect(service.refusals(subscription.endpoint).map((r) => r.status)).toEqual([410, 410]);
  });

  it('404 ends the subscription too: later sends get 404', async () => {
    const subscription = service.subscribe();
    service.failNext(subscription.endpoint, 1, { status: 404 });

    await expect(send(service, subscription, 'ping', vapid)).rejects.toMatchObject({
      statusCode: 404,
    });
    await expect(send(service, subscription, 'ping', vapid)).rejects.toMatchObject({
      statusCode: 404,
    });
    expect(service.isSubscribed(subscription.endpoint)).toBe(false);
  });

  it('holdNext keeps the next request waiting until released, then delivers it', async () => {
    const subscription = service.subscribe();
    const held = service.holdNext(subscription.endpoint);
    let settled = false;
    const sending = send(service, subscription, '{"ping":1}', vapid, { timeout: 60_000 }).finally(
      () => {
        settled = true;
      },
    );
    await held.arrived;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(settled).toBe(false);
    expect(service.count(subscription.endpoint)).toBe(0);
    held.release();
    await expect(sending).resolves.toMatchObject({ statusCode: 201 });
    expect(service.messages(subscription.endpoint).map((m) => m.json)).toEqual([{ ping: 1 }]);
    // Only the next request was held.
    await expect(send(service, subscription, 'ping', vapid)).resolves.toMatchObject({
      statusCode: 201,
    });
  });

  it('429 with Retry-After, then the retry is delivered', async () => {
    const subscription = service.subscribe();
    service.failNext(subscription.endpoint, 1, { status: 429, retryAfter: 2 });

    await expect(send(service, subscription, 'ping', vapid)).rejects.toMatchObject({
      statusCode: 429,
      headers: expect.objectContaining({ 'retry-after': '2' }),
    });
    await expect(send(service, subscription, 'ping', vapid)).resolves.toMatchObject({
      statusCode: 201,
    });

    expect(service.count(subscription.endpoint)).toBe(1);
    expect(service.isSubscribed(subscription.endpoint)).toBe(true);
  });

  it('500 and 503 for the next N requests, then delivery', async () => {
    const subscription = service.subscribe();
    service.failNext(subscription.endpoint, 1, { status: 500 });
    service.failNext(subscription.endpoint, 2, { status: 503, retryAfter: 1 });

    const statuses: number[] = [];
    for (let attempt = 0; attempt < 4; attempt++) {
      statuses.push(
        await send(service, subscription, 'ping', vapid).then(
          (result) => result.statusCode,
          (error: webpush.WebPushError) => error.statusCode,
        ),
      );
    }

    expect(statuses).toEqual([500, 503, 503, 201]);
    expect(service.count(subscription.endpoint)).toBe(1);
  });

  it('a browser that unsubscribes leaves an endpoint answering 410', async () => {
    const subscription = service.subscribe();
    service.unsubscribe(subscription.endpoint);

    await expect(send(service, subscription, 'ping', vapid)).rejects.toMatchObject({
      statusCode: 410,
    });
  });

  it('refuses to script an endpoint it never made', () => {
    expect(() => service.failNext(`${service.origin}/push/nobody`, 1, { status: 410 })).toThrow(
      /not an endpoint/,
    );
  });
});
