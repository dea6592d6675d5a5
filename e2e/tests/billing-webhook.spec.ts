// Stripe's webhook on the real console: a delivered event replayed verbatim changes nothing, a
// forged signature and a stale one are refused with 400 before anything is read.
import { createHmac } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import {
  STRIPE_API_BASE,
  STRIPE_SECRET_KEY,
  STRIPE_WEBHOOK_SECRET,
  STRIPE_WEBHOOK_URL,
} from '../support/env.js';
import { expect, test } from '../support/test.js';

interface Delivery {
  eventId: string;
  type: string;
  payload: string;
  signature: string;
  status: number | null;
}

const sign = (payload: string, t: number, secret = STRIPE_WEBHOOK_SECRET) =>
  `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${payload}`).digest('hex')}`;

test('webhook: a replayed event is a duplicate, a forged or stale signature is refused', async ({
  request,
}) => {
  // An event the stand-in really delivers: a card saved through its hosted Checkout page.
  const auth = { authorization: `Bearer ${STRIPE_SECRET_KEY}` };
  const made = await request.post(`${STRIPE_API_BASE}/v1/customers`, {
    headers: auth,
    form: { email: 'webhook@example.test' },
  });
  expect(made.status()).toBe(200);
  const session = await request.post(`${STRIPE_API_BASE}/v1/checkout/sessions`, {
    headers: auth,
    form: {
      mode: 'setup',
      customer: ((await made.json()) as { id: string }).id,
      success_url: 'https://x.test/ok',
    },
  });
  const { id: sessionId, url } = (await session.json()) as { id: string; url: string };
  const typed = await request.post(url, {
    form: { number: '4242424242424242', expiry: '12/34', cvc: '123' },
    maxRedirects: 0,
  });
  expect(typed.status()).toBe(303);
  let delivered: Delivery | undefined;
  await expect
    .poll(async () => {
      const answer = await request.get(`${STRIPE_API_BASE}/_stand-in/deliveries`, {
        headers: auth,
      });
      const { data } = (await answer.json()) as { data: Delivery[] };
      delivered = data.find(
        (d) => d.type === 'checkout.session.completed' && d.payload.includes(sessionId),
      );
      return delivered?.status;
    })
    .toBe(200);
  if (!delivered) throw new Error('no delivery');
  const event = JSON.parse(delivered.payload) as { id: string };

  // The same bytes again, freshly signed as a redelivery is: acknowledged, nothing done twice.
  const now = Math.floor(Date.now() / 1000);
  const replay = await request.post(STRIPE_WEBHOOK_URL, {
    headers: {
      'content-type': 'application/json',
      'stripe-signature': sign(delivered.payload, now),
    },
    data: delivered.payload,
  });
  expect(replay.status()).toBe(200);
  expect(await replay.json()).toEqual({ received: true, outcome: 'duplicate' });

  // The captured request itself, replayed once its signature is over 5 minutes old: refused.
  const stale = await request.post(STRIPE_WEBHOOK_URL, {
    headers: {
      'content-type': 'application/json',
      'stripe-signature': sign(delivered.payload, now - 600),
    },
    data: delivered.payload,
  });
  expect(stale.status()).toBe(400);
  expect(await stale.json()).toMatchObject({ error: { code: 'bad_signature' } });

  // A forged event (signed with another secret, or not at all): 400, not acted on.
  const forgedPayload = delivered.payload.replace(event.id, `${event.id}x`);
  for (const signature of [
    sign(forgedPayload, now, 'whsec_not_the_secret'),
    sign(forgedPayload, now).replace(/v1=./, 'v1=0'),
    '',
  ]) {
    const forged = await request.post(STRIPE_WEBHOOK_URL, {
      headers: {
        'content-type': 'application/json',
        ...(signature ? { 'stripe-signature': signature } : {}),
      },
      data: forgedPayload,
    });
    expect(forged.status()).toBe(400);
    expect(await forged.json()).toMatchObject({
      error: { code: 'bad_signature', message: expect.any(String) },
    });
  }
});

test('webhook: a body with no length that runs past any event is cut off with 413', async () => {
  // Chunked, so no Content-Length tells the size up front, and the body is never ended: the
  // console must answer once it has read past any event's size, not wait for (and hold) it all.
  const sent = httpRequest(STRIPE_WEBHOOK_URL, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'transfer-encoding': 'chunked',
      'stripe-signature': `t=${Math.floor(Date.now() / 1000)},v1=00`,
    },
  });
  try {
    const answered = new Promise<number>((resolve, reject) => {
      sent.on('response', (answer) => {
        answer.resume();
        resolve(answer.statusCode ?? 0);
      });
      sent.on('error', reject);
    });
    sent.write(Buffer.alloc(512 * 1024, 0x20));
    const status = await Promise.race([
      answered,
      new Promise<string>((resolve) => setTimeout(() => resolve('no answer in 10 s'), 10_000)),
    ]);
    expect(status).toBe(413);
  } finally {
    sent.destroy();
  }
});
