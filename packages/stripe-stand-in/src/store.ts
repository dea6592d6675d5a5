/**
 * What the stand-in keeps, as Stripe's own objects: customers, payment methods (the typed card
 * number stays inside, never in an answer), setup intents, Checkout and portal sessions, invoice
 * items, invoices and test clocks. Every change that Stripe announces becomes an event.
 */
import { missing } from './errors.js';
import { seconds, stripeId } from './ids.js';
import { newEventId, type StripeEvent, type WebhookSender } from './webhooks.js';

export const API_VERSION = '2026-11-18.endive';

export interface Customer {
  id: string;
  object: 'customer';
  created: number;
  email: string | null;
  name: string | null;
  metadata: Record<string, string>;
  test_clock: string | null;
  invoice_settings: { default_payment_method: string | null };
  livemode: false;
}

export interface PaymentMethod {
  id: string;
  object: 'payment_method';
  type: 'card';
  created: number;
  customer: string | null;
  card: {
    brand: string;
    last4: string;
    exp_month: number;
    exp_year: number;
    funding: 'credit';
    country: 'US';
  };
  billing_details: { email: null; name: null };
  livemode: false;
}

export interface TestClock {
  id: string;
  object: 'test_helpers.test_clock';
  created: number;
  frozen_time: number;
  name: string | null;
  status: 'ready' | 'advancing';
  deletes_after: number;
  livemode: false;
}

export type Obj = { id: string; object: string } & Record<string, unknown>;

export class Store {
  readonly customers = new Map<string, Customer>();
  readonly paymentMethods = new Map<string, PaymentMethod>();
  /** The full card number of each payment method: what a charge looks at. */
  readonly cardNumbers = new Map<string, string>();
  readonly setupIntents = new Map<string, Obj>();
  readonly checkoutSessions = new Map<string, Obj>();
  readonly portalSessions = new Map<string, Obj>();
  readonly invoiceItems = new Map<string, Obj>();
  readonly clocks = new Map<string, TestClock>();
  readonly events = new Map<string, StripeEvent>();

  constructor(private readonly webhooks: WebhookSender) {}

  /** Now for a customer: its test clock's frozen time, else the wall clock. */
  nowFor(customerId: string | null | undefined): Date {
    const clockId = customerId ? this.customers.get(customerId)?.test_clock : null;
    const clock = clockId ? this.clocks.get(clockId) : undefined;
    return clock ? new Date(clock.frozen_time * 1000) : new Date();
  }

  customer(id: string): Customer {
    const customer = this.customers.get(id);
    if (!customer) throw missing('customer', id);
    return customer;
  }

  paymentMethod(id: string): PaymentMethod {
    const method = this.paymentMethods.get(id);
    if (!method) throw missing('payment_method', id);
    return method;
  }

  emit(
    type: string,
    object: unknown,
    options: { previous?: unknown; customer?: string | null } = {},
  ) {
    const event: StripeEvent = {
      id: newEventId(),
      object: 'event',
      api_version: API_VERSION,
      created: seconds(this.nowFor(options.customer)),
      data: options.previous
        ? { object: structuredClone(object), previous_attributes: options.previous }
        : { object: structuredClone(object) },
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type,
    };
    this.events.set(event.id, event);
    this.webhooks.send(event);
    return event;
  }

  /** Saves a typed card as a payment method attached to the customer. */
  attachCard(
    customerId: string,
    card: { number: string; brand: string; expMonth: number; expYear: number },
  ): PaymentMethod {
    const method: PaymentMethod = {
      id: stripeId('pm'),
      object: 'payment_method',
      type: 'card',
      created: seconds(this.nowFor(customerId)),
      customer: customerId,
      card: {
        brand: card.brand,
        last4: card.number.slice(-4),
        exp_month: card.expMonth,
        exp_year: card.expYear,
        funding: 'credit',
        country: 'US',
      },
      billing_details: { email: null, name: null },
      livemode: false,
    };
    this.paymentMethods.set(method.id, method);
    this.cardNumbers.set(method.id, card.number);
    this.emit('payment_method.attached', method, { customer: customerId });
    return method;
  }

  /** The customer's invoices pay with this card from now on (what the portal does). */
  setDefaultPaymentMethod(customerId: string, paymentMethodId: string): Customer {
    const customer = this.customer(customerId);
    const previous = customer.invoice_settings.default_payment_method;
    customer.invoice_settings = { default_payment_method: paymentMethodId };
    this.emit('customer.updated', customer, {
      customer: customerId,
      previous: { invoice_settings: { default_payment_method: previous } },
    });
    return customer;
  }

  /** Checkout in setup mode, completed with a card: a succeeded setup intent, then the event. */
  completeCheckout(session: Obj, method: PaymentMethod): void {
    const customer = String(session.customer);
    const intent: Obj = {
      id: stripeId('seti'),
      object: 'setup_intent',
      created: seconds(this.nowFor(customer)),
      customer,
      payment_method: method.id,
      status: 'succeeded',
      usage: 'off_session',
      payment_method_types: ['card'],
      livemode: false,
    };
    this.setupIntents.set(intent.id, intent);
    this.emit('setup_intent.succeeded', intent, { customer });
    session.status = 'complete';
    session.setup_intent = intent.id;
    this.emit('checkout.session.completed', session, { customer });
  }
}
