import { request } from 'node:https';
import { describe, expect, it } from 'vitest';
import webpush from 'web-push';
import type { PushService } from '../src/index.js';
import {
  inSeconds,
  post,
  SUBJECT,
  send,
  useService,
  type VapidKeys,
  vapidHeader,
} from './helpers.js';

let service: PushService;
let vapid: VapidKeys;
useService((started) => {
  ({ service, vapid } = started);
});

function authorization(): string {
  return vapidHeader(vapid, { aud: service.origin, exp: inSeconds(600), sub: SUBJECT });
}

describe('push message requests (RFC 8030, 8291)', () => {
  it('refuses a payload over 4096 encrypted bytes: 413', async () => {
    const subscription = service.subscribe();

    await expect(send(service, subscription, 'x'.repeat(3994), vapid)).rejects.toMatchObject({
      statusCode: 413,
    });
    expect(service.count(subscription.endpoint)).toBe(0);
  });

  it('refuses a body encrypted for other keys: 400', async () => {
    const subscription = service.subscribe();
    const stranger = service.subscribe();

    const misdirected = { ...stranger, endpoint: subscription.endpoint };
    await expect(send(service, misdirected, 'ping', vapid)).rejects.toMatchObject({
      statusCode: 400,
    });

    expect(service.refusals(subscription.endpoint)[0]?.reason).toMatch(/does not authenticate/);
    expect(service.count(subscription.endpoint)).toBe(0);
  });

  it('refuses a damaged or truncated body: 400', async () => {
    const subscription = service.subscribe();
    const request = webpush.generateRequestDetails(subscription, 'ping', {
      vapidDetails: { subject: SUBJECT, ...vapid },
    });
    const body = Buffer.from(request.body as Buffer);
    const headers = request.headers as Record<string, string | number>;
    const damaged = Buffer.from(body);
    damaged[damaged.length - 20] = (damaged[damaged.length - 20] ?? 0) ^ 1;

    expect((await post(service, subscription.endpoint, headers, damaged)).status).toBe(400);
    expect((await post(service, subscription.endpoint, headers, body.subarray(0, 30))).status).toBe(
      400,
    );
    expect((await post(service, subscription.endpoint, headers, body)).status).toBe(201);
    expect(service.count(subscription.endpoint)).toBe(1);
  });

  it('refuses a request without TTL: 400', async () => {
    const subscription = service.subscribe();

    const answer = await post(service, subscription.endpoint, { Authorization: authorization() });

    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body).message).toMatch(/TTL/);
  });

  it('refuses a bad Urgency or Topic: 400', async () => {
    const subscription = service.subscribe();
    const headers = { Authorization: authorization(), TTL: 30 };

    expect(
      (await post(service, subscription.endpoint, { ...headers, Urgency: 'asap' })).status,
    ).toBe(400);
    expect(
      (await post(service, subscription.endpoint, { ...headers, Topic: 'no spaces' })).status,
    ).toBe(400);
    expect(
      (await post(service, subscription.endpoint, { ...headers, Topic: 't'.repeat(33) })).status,
    ).toBe(400);
  });

  it('refuses a body in another content coding: 415 naming aes128gcm', async () => {
    const subscription = service.subscribe();
    const headers = { Authorization: authorization(), TTL: 30, 'Content-Encoding': 'gzip' };

    const answer = await post(service, subscription.endpoint, headers, Buffer.from('ping'));

    expect(answer.status).toBe(415);
    expect(answer.headers['accept-encoding']).toBe('aes128gcm');
  });

  it("refuses web-push's legacy aesgcm mode, whose draft 'WebPush' auth scheme is not vapid: 401", async () => {
    const subscription = service.subscribe();

    await expect(
      send(service, subscription, 'ping', vapid, { contentEncoding: 'aesgcm' }),
    ).rejects.toMatchObject({ statusCode: 401 });
  });

  it('answers 404 for an endpoint it never made, 405 for a method other than POST', async () => {
    const subscription = service.subscribe();
    const unknown = { ...subscription, endpoint: `${service.origin}/push/never-made` };

    await expect(send(service, unknown, 'ping', vapid)).rejects.toMatchObject({ statusCode: 404 });
    const get = await fetchStatus(subscription.endpoint, 'GET');
    expect(get).toBe(405);
  });
});

function fetchStatus(url: string, method: string): Promise<number> {
  return new Promise((resolve, reject) => {
    request(url, { method, agent: service.agent }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    })
      .on('error', reject)
      .end();
  });
}
