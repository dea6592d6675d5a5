/**
 * The hosted pages, as plain HTML forms: Checkout in setup mode (type a card; a decline shows on
 * the page and saves nothing) and the customer portal (the card on file, replace it, receipts).
 */
import { readCard } from './cards.js';
import type { InvoiceBook } from './invoices.js';
import type { Obj, Store } from './store.js';

const html = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

function layout(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${html(title)}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;margin:0;background:#f6f9fc;color:#1a1f36}main{max-width:440px;margin:0 auto;padding:24px 16px}
.badge{display:inline-block;background:#ffde92;color:#7a4b00;border-radius:4px;padding:0 6px;font-size:12px;font-weight:600}
.card{background:#fff;border-radius:8px;box-shadow:0 1px 3px #0002;padding:20px;margin:16px 0}label{display:block;font-size:13px;margin:10px 0 4px}
input{width:100%;box-sizing:border-box;padding:10px;border:1px solid #c9d1dc;border-radius:6px;font:inherit}.row{display:flex;gap:12px}.row>div{flex:1}
button{margin-top:16px;width:100%;padding:11px;border:0;border-radius:6px;background:#635bff;color:#fff;font:600 15px system-ui;cursor:pointer}
.error{color:#df1b41;margin-top:10px}.ok{color:#0a7d33}table{width:100%;border-collapse:collapse}td{padding:6px 0;border-bottom:1px solid #eef}a{color:#635bff}</style></head>
<body><main><p><span class="badge">TEST MODE</span> Stripe stand-in</p>${body}</main></body></html>`;
}

function cardForm(action: string, button: string, error?: string): string {
  return `<form method="post" action="${html(action)}">
<label for="number">Card number</label><input id="number" name="number" inputmode="numeric" autocomplete="cc-number" placeholder="4242 4242 4242 4242" required data-testid="card-number">
<div class="row"><div><label for="expiry">Expiry</label><input id="expiry" name="expiry" placeholder="MM / YY" required data-testid="card-expiry"></div>
<div><label for="cvc">CVC</label><input id="cvc" name="cvc" inputmode="numeric" placeholder="123" required data-testid="card-cvc"></div></div>
${error ? `<p class="error" role="alert" data-testid="card-error">${html(error)}</p>` : ''}
<button type="submit" data-testid="card-submit">${html(button)}</button></form>`;
}

export type PageAnswer = { status: number; html?: string; redirect?: string };

export function checkoutPage(session: Obj | undefined, error?: string): PageAnswer {
  if (!session)
    return {
      status: 404,
      html: layout('Not found', '<p>This Checkout session does not exist.</p>'),
    };
  if (session.status !== 'open')
    return { status: 410, html: layout('Done', '<p>This Checkout session is complete.</p>') };
  const cancel =
    typeof session.cancel_url === 'string'
      ? `<p><a href="${html(session.cancel_url)}" data-testid="checkout-cancel">← Back</a></p>`
      : '';
  return {
    status: error ? 402 : 200,
    html: layout(
      'Save a card',
      `${cancel}<div class="card"><h1 style="font-size:20px;margin:0">Save a card for future payments</h1>
<p style="color:#697386">Charged for invoices of your subscription.</p>${cardForm(`/c/setup/${session.id}`, 'Save card', error)}</div>`,
    ),
  };
}

export function submitCheckout(
  store: Store,
  session: Obj | undefined,
  fields: Record<string, string>,
): PageAnswer {
  if (session?.status !== 'open') return checkoutPage(session);
  const customer = String(session.customer);
  const read = readCard(
    { number: fields.number ?? '', expiry: fields.expiry ?? '', cvc: fields.cvc ?? '' },
    store.nowFor(customer),
  );
  if (!read.ok) return checkoutPage(session, read.decline.message);
  const method = store.attachCard(customer, {
    number: read.number,
    brand: read.card.brand,
    expMonth: read.expMonth,
    expYear: read.expYear,
  });
  store.completeCheckout(session, method);
  return {
    status: 303,
    redirect: String(session.success_url).replace('{CHECKOUT_SESSION_ID}', session.id),
  };
}

const money = (cents: number, currency: string) =>
  new Intl.NumberFormat('en', { style: 'currency', currency: currency.toUpperCase() }).format(
    cents / 100,
  );

export function portalPage(
  store: Store,
  invoices: InvoiceBook,
  session: Obj | undefined,
  note?: { error?: string; ok?: string },
): PageAnswer {
  if (!session)
    return { status: 404, html: layout('Not found', '<p>This portal session does not exist.</p>') };
  const customer = store.customer(String(session.customer));
  const methodId = customer.invoice_settings.default_payment_method;
  const method = methodId ? store.paymentMethods.get(methodId) : undefined;
  const receipts = [...invoices.invoices.values()]
    .filter((invoice) => invoice.customer === customer.id && invoice.status !== 'draft')
    .reverse();
  const rows = receipts
    .map(
      (invoice) =>
        `<tr data-testid="portal-invoice"><td>${html(String(invoice.number))}<br><small>${html(String(invoice.description ?? ''))}</small></td><td>${money(invoice.total, invoice.currency)}</td><td data-testid="portal-invoice-status">${invoice.status}</td></tr>`,
    )
    .join('');
  const back =
    typeof session.return_url === 'string'
      ? `<p><a href="${html(session.return_url)}" data-testid="portal-return">← Return to TagTime</a></p>`
      : '';
  return {
    status: note?.error ? 402 : 200,
    html: layout(
      'Billing',
      `${back}<div class="card"><h2 style="margin:0 0 8px;font-size:17px">Payment method</h2>
<p data-testid="portal-card">${method ? `${html(method.card.brand)} •••• ${html(method.card.last4)} · expires ${method.card.exp_month}/${method.card.exp_year}` : 'No card on file.'}</p>
${note?.ok ? `<p class="ok" role="status" data-testid="portal-ok">${html(note.ok)}</p>` : ''}
<h3 style="font-size:15px;margin:16px 0 0">Replace the card</h3>${cardForm(`/p/session/${session.id}/card`, 'Save new card', note?.error)}</div>
<div class="card"><h2 style="margin:0 0 8px;font-size:17px">Invoices and receipts</h2>${rows ? `<table>${rows}</table>` : '<p>No invoices yet.</p>'}</div>`,
    ),
  };
}

export function submitPortalCard(
  store: Store,
  invoices: InvoiceBook,
  session: Obj | undefined,
  fields: Record<string, string>,
): PageAnswer {
  if (!session) return portalPage(store, invoices, session);
  const customer = String(session.customer);
  const read = readCard(
    { number: fields.number ?? '', expiry: fields.expiry ?? '', cvc: fields.cvc ?? '' },
    store.nowFor(customer),
  );
  if (!read.ok) return portalPage(store, invoices, session, { error: read.decline.message });
  const method = store.attachCard(customer, {
    number: read.number,
    brand: read.card.brand,
    expMonth: read.expMonth,
    expYear: read.expYear,
  });
  store.setDefaultPaymentMethod(customer, method.id);
  return { status: 303, redirect: `/p/session/${session.id}?updated=1` };
}
