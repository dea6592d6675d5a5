import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import webpush from 'web-push';
import { type PushService, startPushService } from '../src/index.js';
import { inSeconds, post, SUBJECT, send, type VapidKeys, vapidHeader } from './helpers.js';

let service: PushService;
let vapid: VapidKeys;
let other: VapidKeys;

beforeAll(async () => {
  service = await startPushService();
  vapid = webpush.generateVAPIDKeys();
  other = webpush.generateVAPIDKeys();
});
afterAll(() => service.close());

// Sends web-push's own encryption with a hand-made Authorization header.
function sendWithAuthorization(authorization: string | undefined) {
  const subscription = service.subscribe();
  const headers: Record<string, string> =
    authorization === undefined ? {} : { Authorization: authorization };
  const sent = webpush.sendNotification(subscription, 'hello', { agent: service.agent, headers });
  return { subscription, sent };
}

async function expectRefused(status: number, reason: RegExp, authorization: string | undefined) {
  const { subscription, sent } = sendWithAuthorization(authorization);
  await expect(sent).rejects.toMatchObject({ statusCode: status });
  expect(service.count(subscription.endpoint)).toBe(0);
  expect(service.refusals(subscription.endpoint)).toEqual([
    expect.objectContaining({ status, reason: expect.stringMatching(reason) }),
  ]);
}

describe('VAPID (RFC 8292)', () => {
  it('refuses a message with no VAPID: 401, nothing delivered', async () => {
    await expectRefused(401, /no Authorization/, undefined);
  });

  it('refuses a token signed by a key other than k: 401', async () => {
    const subscription = service.subscribe();
    const wrongPrivateKey = { publicKey: vapid.publicKey, privateKey: other.privateKey };

    await expect(send(service, subscription, 'hello', wrongPrivateKey)).rejects.toMatchObject({
      statusCode: 401,
      headers: expect.objectContaining({ 'www-authenticate': 'vapid' }),
    });
    expect(service.count(subscription.endpoint)).toBe(0);
  });

  it('refuses an expired token: 403', async () => {
    const expired = webpush.getVapidHeaders(
      service.origin,
      SUBJECT,
      vapid.publicKey,
      vapid.privateKey,
      'aes128gcm',
      inSeconds(-60),
    );
    await expectRefused(403, /expired/, expired.Authorization);
  });

  it('refuses a token for another audience: 403', async () => {
    const wrongAud = webpush.getVapidHeaders(
      'https://127.0.0.1:1',
      SUBJECT,
      vapid.publicKey,
      vapid.privateKey,
      'aes128gcm',
    );
    await expectRefused(403, /aud/, wrongAud.Authorization);
  });

  it('refuses a token valid for more than 24 hours: 403', async () => {
    const claims = { aud: service.origin, exp: inSeconds(24 * 3600 + 60), sub: SUBJECT };
    await expectRefused(403, /24 hours/, vapidHeader(vapid, claims));
  });

  it('refuses a token without a mailto: or https: sub: 403', async () => {
    await expectRefused(
      403,
      /sub/,
      vapidHeader(vapid, { aud: service.origin, exp: inSeconds(60) }),
    );
  });

  it('refuses another scheme and a malformed token: 401', async () => {
    await expectRefused(401, /scheme/, 'Bearer abc');
    await expectRefused(401, /compact/, `vapid t=abc, k=${vapid.publicKey}`);
  });

  it('accepts a hand-signed token with the claims RFC 8292 asks for', async () => {
    const claims = { aud: service.origin, exp: inSeconds(3600), sub: 'https://tagtime.example' };
    const { subscription, sent } = sendWithAuthorization(vapidHeader(vapid, claims));

    await expect(sent).resolves.toMatchObject({ statusCode: 201 });
    expect((await service.nextMessage({ endpoint: subscription.endpoint })).vapid.sub).toBe(
      'https://tagtime.example',
    );
  });

  it('restricts a subscription made with an applicationServerKey to that key: 403 for another', async () => {
    const subscription = service.subscribe({ applicationServerKey: vapid.publicKey });

    await expect(send(service, subscription, 'hello', other)).rejects.toMatchObject({
      statusCode: 403,
    });
    expect(service.count(subscription.endpoint)).toBe(0);
    await expect(send(service, subscription, 'hello', vapid)).resolves.toMatchObject({
      statusCode: 201,
    });
    expect(service.count(subscription.endpoint)).toBe(1);
  });

  it('answers junk from an unauthenticated sender 401, before looking at the body', async () => {
    const subscription = service.subscribe();

    const answer = await post(service, subscription.endpoint, { TTL: 0 }, Buffer.from('junk'));

    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.body)).toMatchObject({ code: 401, error: 'Unauthorized' });
  });
});
