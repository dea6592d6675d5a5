/**
 * The Stripe REST endpoints TagTime uses, under `/v1`, with Stripe's shapes: form-encoded
 * parameters in, objects with `id` and `object` out, lists as `{ object: 'list', data }`.
 */
import { invalid, missing, required, StripeError } from './errors.js';
import { dict, type Form, str } from './form.js';
import { seconds, stripeId } from './ids.js';
import type { InvoiceBook } from './invoices.js';
import type { Customer, Obj, Store } from './store.js';

export interface ApiContext {
  store: Store;
  invoices: InvoiceBook;
  /** The stand-in's own origin, for hosted page URLs. */
  origin: string;
}

type Handler = (context: ApiContext, form: Form, params: string[]) => unknown;

const list = (data: unknown[], url: string) => ({ object: 'list', data, has_more: false, url });

function int(form: Form, key: string): number {
  const text = str(form, key);
  if (text === undefined) throw required(key);
  if (!/^-?\d+$/.test(text)) throw invalid(key, `Invalid integer: ${text}`);
  return Number(text);
}

function currency(form: Form, fallback?: string): string {
  const value = (str(form, 'currency') ?? fallback ?? '').toLowerCase();
  if (!/^[a-z]{3}$/.test(value)) throw invalid('currency', `Invalid currency: ${value}`);
  return value;
}

function expandInvoice(context: ApiContext, id: string) {
  return context.invoices.view(context.invoices.get(id));
}

function withExpansions(context: ApiContext, object: Obj, form: Form): Obj {
  const expand = form.expand;
  const fields = Array.isArray(expand)
    ? expand.filter((f): f is string => typeof f === 'string')
    : [];
  const out: Obj = { ...object };
  for (const field of fields) {
    const id = out[field];
    if (typeof id !== 'string') continue;
    if (field === 'setup_intent') out[field] = context.store.setupIntents.get(id) ?? id;
    else if (field === 'payment_method' || field === 'invoice_settings.default_payment_method')
      out[field] = context.store.paymentMethods.get(id) ?? id;
  }
  return out;
}

const routes: Record<string, Handler> = {
  'POST /v1/customers': ({ store }, form) => {
    const clock = str(form, 'test_clock') ?? null;
    if (clock && !store.clocks.has(clock)) throw missing('test_clock', clock, 'test_clock');
    const customer: Customer = {
      id: stripeId('cus', 14),
      object: 'customer',
      created: seconds(new Date()),
      email: str(form, 'email') ?? null,
      name: str(form, 'name') ?? null,
      metadata: dict(form, 'metadata'),
      test_clock: clock,
      invoice_settings: { default_payment_method: null },
      livemode: false,
    };
    if (clock) customer.created = seconds(store.nowFor(null));
    store.customers.set(customer.id, customer);
    store.emit('customer.created', customer, { customer: customer.id });
    return customer;
  },
  'GET /v1/customers/:id': ({ store }, _form, [id = '']) => store.customer(id),
  'POST /v1/customers/:id': ({ store }, form, [id = '']) => {
    const customer = store.customer(id);
    const settings = dict(form, 'invoice_settings');
    const method = settings.default_payment_method;
    if (method !== undefined) {
      if (store.paymentMethod(method).customer !== id) {
        throw invalid(
          'invoice_settings[default_payment_method]',
          `The payment method ${method} is not attached to customer ${id}.`,
        );
      }
      store.setDefaultPaymentMethod(id, method);
    }
    const metadata = dict(form, 'metadata');
    if (Object.keys(metadata).length > 0) customer.metadata = { ...customer.metadata, ...metadata };
    return customer;
  },
  'GET /v1/payment_methods': ({ store }, form) => {
    const customer = str(form, 'customer');
    if (!customer) throw required('customer');
    store.customer(customer);
    return list(
      [...store.paymentMethods.values()].filter((pm) => pm.customer === customer),
      '/v1/payment_methods',
    );
  },
  'GET /v1/payment_methods/:id': ({ store }, _form, [id = '']) => store.paymentMethod(id),
  'GET /v1/setup_intents/:id': ({ store }, form, [id = '']) => {
    const intent = store.setupIntents.get(id);
    if (!intent) throw missing('setup_intent', id);
    return withExpansions({ store } as ApiContext, intent, form);
  },
  'POST /v1/checkout/sessions': ({ store, origin }, form) => {
    if (str(form, 'mode') !== 'setup')
      throw invalid('mode', 'This stand-in makes Checkout sessions in setup mode only.');
    const customer = str(form, 'customer');
    if (!customer) throw required('customer');
    store.customer(customer);
    const successUrl = str(form, 'success_url');
    if (!successUrl) throw required('success_url');
    const id = stripeId('cs_test', 40);
    const session: Obj = {
      id,
      object: 'checkout.session',
      mode: 'setup',
      status: 'open',
      customer,
      setup_intent: null,
      currency: str(form, 'currency') ?? null,
      success_url: successUrl,
      cancel_url: str(form, 'cancel_url') ?? null,
      metadata: dict(form, 'metadata'),
      created: seconds(new Date()),
      expires_at: seconds(new Date()) + 24 * 3600,
      url: `${origin}/c/setup/${id}`,
      livemode: false,
    };
    store.checkoutSessions.set(id, session);
    return session;
  },
  'GET /v1/checkout/sessions/:id': (context, form, [id = '']) => {
    const session = context.store.checkoutSessions.get(id);
    if (!session) throw missing('checkout.session', id);
    return withExpansions(context, session, form);
  },
  'POST /v1/billing_portal/sessions': ({ store, origin }, form) => {
    const customer = str(form, 'customer');
    if (!customer) throw required('customer');
    store.customer(customer);
    const id = stripeId('bps', 24);
    const session: Obj = {
      id,
      object: 'billing_portal.session',
      customer,
      return_url: str(form, 'return_url') ?? null,
      created: seconds(new Date()),
      url: `${origin}/p/session/${id}`,
      livemode: false,
    };
    store.portalSessions.set(id, session);
    return session;
  },
  'POST /v1/invoiceitems': ({ store, invoices }, form) => {
    const customer = str(form, 'customer');
    if (!customer) throw required('customer');
    store.customer(customer);
    const invoiceId = str(form, 'invoice');
    if (!invoiceId)
      throw invalid(
        'invoice',
        'This stand-in needs `invoice`: pending invoice items are not kept.',
      );
    const invoice = invoices.get(invoiceId);
    if (invoice.customer !== customer)
      throw invalid('invoice', `Invoice ${invoiceId} belongs to another customer.`);
    const item = {
      id: stripeId('ii'),
      object: 'invoiceitem',
      customer,
      invoice: invoiceId,
      amount: int(form, 'amount'),
      currency: currency(form, invoice.currency),
      description: str(form, 'description') ?? null,
      metadata: dict(form, 'metadata'),
      date: seconds(store.nowFor(customer)),
      livemode: false,
    };
    if (item.currency !== invoice.currency)
      throw invalid('currency', `The invoice is in ${invoice.currency}, not ${item.currency}.`);
    invoices.addItem(invoice, item);
    store.invoiceItems.set(item.id, item);
    return item;
  },
  'POST /v1/invoices': ({ invoices }, form) => {
    const customer = str(form, 'customer');
    if (!customer) throw required('customer');
    const method = str(form, 'collection_method') ?? 'charge_automatically';
    if (method !== 'charge_automatically')
      throw invalid('collection_method', 'This stand-in collects automatically only.');
    const invoice = invoices.create({
      customer,
      currency: currency(form, 'eur'),
      autoAdvance: str(form, 'auto_advance') === 'true',
      description: str(form, 'description') ?? null,
      metadata: dict(form, 'metadata'),
    });
    return invoices.view(invoice);
  },
  'GET /v1/invoices/:id': (context, _form, [id = '']) => expandInvoice(context, id),
  'GET /v1/invoices': ({ invoices }, form) => {
    const customer = str(form, 'customer');
    const rows = [...invoices.invoices.values()].filter(
      (invoice) => !customer || invoice.customer === customer,
    );
    return list(
      rows.reverse().map((invoice) => invoices.view(invoice)),
      '/v1/invoices',
    );
  },
  'POST /v1/invoices/:id/finalize': ({ invoices }, form, [id = '']) => {
    const invoice = invoices.finalize(invoices.get(id));
    if (str(form, 'auto_advance') !== undefined)
      invoice.auto_advance = str(form, 'auto_advance') === 'true';
    return invoices.view(invoice);
  },
  'POST /v1/invoices/:id/pay': ({ invoices }, form, [id = '']) =>
    invoices.view(
      invoices.pay(invoices.get(id), { outOfBand: str(form, 'paid_out_of_band') === 'true' }),
    ),
  'POST /v1/invoices/:id/void': ({ invoices }, _form, [id = '']) =>
    invoices.view(invoices.void(invoices.get(id))),
  'GET /v1/events/:id': ({ store }, _form, [id = '']) => {
    const event = store.events.get(id);
    if (!event) throw missing('event', id);
    return event;
  },
  'POST /v1/test_helpers/test_clocks': ({ store }, form) => {
    const frozen = int(form, 'frozen_time');
    const clock = {
      id: stripeId('clock'),
      object: 'test_helpers.test_clock' as const,
      created: seconds(new Date()),
      frozen_time: frozen,
      name: str(form, 'name') ?? null,
      status: 'ready' as const,
      deletes_after: seconds(new Date()) + 30 * 86400,
      livemode: false as const,
    };
    store.clocks.set(clock.id, clock);
    return clock;
  },
  'GET /v1/test_helpers/test_clocks/:id': ({ store }, _form, [id = '']) => {
    const clock = store.clocks.get(id);
    if (!clock) throw missing('test_helpers.test_clock', id);
    return clock;
  },
  'POST /v1/test_helpers/test_clocks/:id/advance': ({ store, invoices }, form, [id = '']) => {
    const clock = store.clocks.get(id);
    if (!clock) throw missing('test_helpers.test_clock', id);
    const to = int(form, 'frozen_time');
    if (to <= clock.frozen_time)
      throw invalid(
        'frozen_time',
        'Cannot advance a test clock to a time before or at its current frozen time.',
      );
    // Stripe answers `advancing` and works in the background; the stand-in works at once and
    // announces `ready` as Stripe does, so a caller may poll or wait for the event alike.
    invoices.retryDue(id, to);
    clock.frozen_time = to;
    store.emit('test_helpers.test_clock.ready', clock);
    return { ...clock, status: 'advancing' };
  },
};

/** Finds the route for `METHOD /path`, with the path's ids. */
export function findRoute(
  method: string,
  path: string,
): { handler: Handler; params: string[] } | undefined {
  const parts = path.split('/');
  for (const [key, handler] of Object.entries(routes)) {
    const [routeMethod, routePath = ''] = key.split(' ');
    if (routeMethod !== method) continue;
    const pattern = routePath.split('/');
    if (pattern.length !== parts.length) continue;
    const params: string[] = [];
    if (
      pattern.every((segment, i) =>
        segment.startsWith(':')
          ? params.push(decodeURIComponent(parts[i] ?? '')) > 0
          : segment === parts[i],
      )
    ) {
      return { handler, params };
    }
  }
  return undefined;
}

export function unknownRoute(method: string, path: string): StripeError {
  return new StripeError(
    404,
    { type: 'invalid_request_error', code: 'resource_missing' },
    `Unrecognized request URL (${method}: ${path}). This stand-in serves only the endpoints TagTime uses.`,
  );
}
