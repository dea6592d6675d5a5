import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { type StripeStandIn, startStripeStandIn } from '../src/index.js';

export const SECRET_KEY = 'sk_test_standin0123456789';
export const WEBHOOK_SECRET = 'whsec_standin0123456789';

/** A webhook receiver that verifies each event with the official library, as an app does. */
export async function startReceiver() {
  const stripe = new Stripe(SECRET_KEY);
  const events: Stripe.Event[] = [];
  const refused: string[] = [];
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    try {
      const event = stripe.webhooks.constructEvent(
        Buffer.concat(chunks),
        String(request.headers['stripe-signature']),
        WEBHOOK_SECRET,
      );
      events.push(event);
      response.writeHead(200).end('{}');
    } catch (error) {
      refused.push(String(error));
      response.writeHead(400).end('{}');
    }
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`;
  return {
    url,
    events,
    refused,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

export async function startWithClient(webhookUrl?: string, retryDays?: number[]) {
  const standIn: StripeStandIn = await startStripeStandIn({
    secretKey: SECRET_KEY,
    ...(webhookUrl ? { webhook: { url: webhookUrl, secret: WEBHOOK_SECRET } } : {}),
    ...(retryDays ? { retryDays } : {}),
  });
  const stripe = new Stripe(SECRET_KEY, {
    host: '127.0.0.1',
    port: standIn.port,
    protocol: 'http',
    maxNetworkRetries: 0,
  });
  return { standIn, stripe };
}

/** Fills in a hosted card form as a person does (a form post), answering the page's status. */
export async function submitCard(pageUrl: string, action: string, number: string) {
  const response = await fetch(new URL(action, pageUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ number, expiry: '12 / 34', cvc: '123' }),
    redirect: 'manual',
  });
  return {
    status: response.status,
    location: response.headers.get('location'),
    text: await response.text(),
  };
}
