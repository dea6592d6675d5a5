import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Stripe from 'stripe';
import { afterEach, describe, expect, it } from 'vitest';
import { startStripeStandIn } from '../src/index.js';
import { SECRET_KEY, startReceiver, startWithClient, submitCard } from './helpers.js';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function setup(retryDays?: number[]) {
  const receiver = await startReceiver();
  const { standIn, stripe } = await startWithClient(receiver.url, retryDays);
  closers.push(receiver.close, standIn.close);
  return { receiver, standIn, stripe };
}

/** A customer with a card saved through hosted Checkout (setup mode), made default. */
async function customerWithCard(
  context: Awaited<ReturnType<typeof setup>>,
  number: string,
  clock?: string,
) {
  const { stripe } = context;
  const customer = await stripe.customers.create({
    email: 'pay@example.com',
    ...(clock ? { test_clock: clock } : {}),
  });
  const session = await stripe.checkout.sessions.create({
    mode: 'setup',
    customer: customer.id,
    currency: 'eur',
    success_url: 'https://console.test/billing?session={CHECKOUT_SESSION_ID}',
    cancel_url: 'https://console.test/billing',
  });
  const answer = await submitCard(session.url ?? '', `/c/setup/${session.id}`, number);
  expect(answer.status).toBe(303);
  expect(answer.location).toBe(`https://console.test/billing?session=${session.id}`);
  const done = await stripe.checkout.sessions.retrieve(session.id, { expand: ['setup_intent'] });
  const intent = done.setup_intent as { payment_method: string };
  await stripe.customers.update(customer.id, {
    invoice_settings: { default_payment_method: intent.payment_method },
  });
  return customer;
}

async function invoiceOf(
  context: Awaited<ReturnType<typeof setup>>,
  customer: string,
  amount: number,
  autoAdvance = false,
) {
  const { stripe } = context;
  const invoice = await stripe.invoices.create({
    customer,
    currency: 'eur',
    auto_advance: autoAdvance,
    collection_method: 'charge_automatically',
  });
  await stripe.invoiceItems.create({
    customer,
    invoice: invoice.id ?? '',
    amount,
    currency: 'eur',
    description: 'Team × 2',
  });
  return stripe.invoices.finalizeInvoice(invoice.id ?? '');
}

describe('the Stripe stand-in, driven by the official stripe library', () => {
  it('saves a card through hosted Checkout and charges an invoice with it; events verify', async () => {
    const context = await setup();
    const customer = await customerWithCard(context, '4242 4242 4242 4242');
    const methods = await context.stripe.paymentMethods.list({
      customer: customer.id,
      type: 'card',
    });
    expect(methods.data.map((pm) => pm.card?.last4)).toEqual(['4242']);
    const open = await invoiceOf(context, customer.id, 800);
    expect(open.status).toBe('open');
    expect(open.amount_due).toBe(800);
    const paid = await context.stripe.invoices.pay(open.id ?? '');
    expect(paid.status).toBe('paid');
    await context.standIn.webhooksIdle();
    const types = context.receiver.events.map((event) => event.type);
    expect(types).toEqual(
      expect.arrayContaining([
        'checkout.session.completed',
        'setup_intent.succeeded',
        'invoice.paid',
      ]),
    );
    expect(context.receiver.refused).toEqual([]);
  });

  it('declines Stripe’s decline cards on the hosted page and saves nothing', async () => {
    const context = await setup();
    const customer = await context.stripe.customers.create({});
    for (const [number, message] of [
      ['4000000000000002', 'Your card was declined.'],
      ['4000000000009995', 'Your card has insufficient funds.'],
      ['4242424242424241', 'Your card number is incorrect.'],
    ]) {
      const session = await context.stripe.checkout.sessions.create({
        mode: 'setup',
        customer: customer.id,
        success_url: 'https://console.test/ok',
      });
      const answer = await submitCard(session.url ?? '', `/c/setup/${session.id}`, number ?? '');
      expect(answer.status).toBe(402);
      expect(answer.text).toContain(message);
    }
    expect(
      (await context.stripe.paymentMethods.list({ customer: customer.id, type: 'card' })).data,
    ).toEqual([]);
  });

  it('4000000000000341 saves, then fails the charge with Stripe’s card error', async () => {
    const context = await setup();
    const customer = await customerWithCard(context, '4000000000000341');
    const open = await invoiceOf(context, customer.id, 400);
    const failure = await context.stripe.invoices
      .pay(open.id ?? '')
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({
      type: 'StripeCardError',
      statusCode: 402,
      code: 'card_declined',
      decline_code: 'generic_decline',
      raw: expect.objectContaining({ message: 'Your card was declined.' }),
    });
    expect((await context.stripe.invoices.retrieve(open.id ?? '')).status).toBe('open');
    await context.standIn.webhooksIdle();
    expect(context.receiver.events.map((event) => event.type)).toContain('invoice.payment_failed');
  });

  it('retries on the test clock, then a card replaced in the portal pays', async () => {
    const context = await setup([1, 3, 7]);
    const start = Math.floor(Date.now() / 1000);
    const clock = await context.stripe.testHelpers.testClocks.create({ frozen_time: start });
    const customer = await customerWithCard(context, '4000000000000341', clock.id);
    const open = await invoiceOf(context, customer.id, 400, true);
    await context.stripe.invoices.pay(open.id ?? '').catch(() => undefined);
    const failed = await context.stripe.invoices.retrieve(open.id ?? '');
    expect(failed).toMatchObject({ attempt_count: 1, next_payment_attempt: start + 86400 });
    await context.stripe.testHelpers.testClocks.advance(clock.id, {
      frozen_time: start + 2 * 86400,
    });
    expect(await context.stripe.invoices.retrieve(open.id ?? '')).toMatchObject({
      attempt_count: 2,
      next_payment_attempt: start + 3 * 86400,
    });

    const portal = await context.stripe.billingPortal.sessions.create({
      customer: customer.id,
      return_url: 'https://console.test/billing',
    });
    const page = await fetch(portal.url);
    expect(await page.text()).toContain('visa •••• 0341');
    const replaced = await submitCard(
      portal.url,
      `/p/session/${portal.id}/card`,
      '5555555555554444',
    );
    expect(replaced.status).toBe(303);
    const updated = await context.stripe.customers.retrieve(customer.id);
    const methodId = (updated as { invoice_settings: { default_payment_method: string } })
      .invoice_settings.default_payment_method;
    expect((await context.stripe.paymentMethods.retrieve(methodId)).card?.last4).toBe('4444');
    expect((await context.stripe.invoices.pay(open.id ?? '')).status).toBe('paid');
    await context.standIn.webhooksIdle();
    const types = context.receiver.events.map((event) => event.type);
    expect(types.filter((type) => type === 'invoice.payment_failed')).toHaveLength(2);
    expect(types).toEqual(
      expect.arrayContaining(['customer.updated', 'test_helpers.test_clock.ready', 'invoice.paid']),
    );
  });

  it('gives up after the last retry: the invoice is marked uncollectible', async () => {
    const context = await setup([1, 3, 7]);
    const start = Math.floor(Date.now() / 1000);
    const clock = await context.stripe.testHelpers.testClocks.create({ frozen_time: start });
    const customer = await customerWithCard(context, '4000000000000341', clock.id);
    const open = await invoiceOf(context, customer.id, 400, true);
    await context.stripe.invoices.pay(open.id ?? '').catch(() => undefined);
    await context.stripe.testHelpers.testClocks.advance(clock.id, {
      frozen_time: start + 8 * 86400,
    });
    expect(await context.stripe.invoices.retrieve(open.id ?? '')).toMatchObject({
      status: 'uncollectible',
      attempt_count: 4,
      next_payment_attempt: null,
    });
  });

  it('keeps its objects across a restart with a state file', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'stand-in-')), 'state.json');
    const first = await startStripeStandIn({ secretKey: SECRET_KEY, stateFile: file });
    const client = new Stripe(SECRET_KEY, {
      host: '127.0.0.1',
      port: first.port,
      protocol: 'http',
    });
    const customer = await client.customers.create({ email: 'kept@example.com' });
    const invoice = await client.invoices.create({ customer: customer.id, currency: 'eur' });
    await first.close();
    const second = await startStripeStandIn({ secretKey: SECRET_KEY, stateFile: file });
    closers.push(second.close);
    const again = new Stripe(SECRET_KEY, {
      host: '127.0.0.1',
      port: second.port,
      protocol: 'http',
    });
    expect((await again.customers.retrieve(customer.id)) as Stripe.Customer).toMatchObject({
      email: 'kept@example.com',
    });
    expect((await again.invoices.retrieve(invoice.id ?? '')).status).toBe('draft');
  });

  it('answers like Stripe: a wrong key 401, a missing object 404, an idempotency key replayed', async () => {
    const context = await setup();
    const wrong = await fetch(`${context.standIn.origin}/v1/customers`, {
      headers: { authorization: 'Bearer sk_test_wrongwrongwrong' },
    });
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { error: { type: string } }).error.type).toBe(
      'invalid_request_error',
    );
    const missing = await context.stripe.customers
      .retrieve('cus_nope')
      .catch((error: unknown) => error);
    expect(missing).toMatchObject({
      statusCode: 404,
      code: 'resource_missing',
      raw: expect.objectContaining({ message: "No such customer: 'cus_nope'" }),
    });
    const first = await context.stripe.customers.create(
      { email: 'a@example.com' },
      { idempotencyKey: 'key-1' },
    );
    const again = await context.stripe.customers.create(
      { email: 'a@example.com' },
      { idempotencyKey: 'key-1' },
    );
    expect(again.id).toBe(first.id);
    const other = await context.stripe.customers
      .create({ email: 'b@example.com' }, { idempotencyKey: 'key-1' })
      .catch((error: unknown) => error);
    expect(other).toMatchObject({ type: 'StripeIdempotencyError', statusCode: 400 });
    expect(SECRET_KEY.startsWith('sk_test_')).toBe(true);
  });
});
