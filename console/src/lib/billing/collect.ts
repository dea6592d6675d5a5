import 'server-only';
import {
  DbError,
  type Executor,
  findBillingCustomer,
  findCollection,
  type InvoiceWithLines,
  listCollectingInvoices,
  listOpenInvoices,
  listUncollectedInvoices,
  recordInvoiceCollection,
  recordPayment,
  requireInvoice,
} from '@tagtime/db';
import Stripe from 'stripe';
import { db } from '../db';
import { applyFailedCharge, applyPaidInvoice } from './invoice-outcomes';
import { providerError, stripe } from './stripe-client';

/**
 * Our invoice, made at Stripe from our lines (invoice items on a Stripe invoice of the tenant's
 * customer) and finalized: Stripe holds the card and collects, our engine keeps the numbers.
 * Idempotency keys name our invoice, so a retried call never makes a second Stripe invoice.
 */
async function stripeInvoiceFor(
  invoice: InvoiceWithLines,
  customerId: string,
  options: { autoAdvance: boolean; paidCents: number },
): Promise<Stripe.Invoice> {
  const client = stripe();
  const currency = invoice.currency.toLowerCase();
  const created = await client.invoices.create(
    {
      customer: customerId,
      currency,
      collection_method: 'charge_automatically',
      auto_advance: options.autoAdvance,
      description: `TagTime invoice ${invoice.number}`,
      metadata: {
        invoice_id: invoice.id,
        invoice_number: invoice.number,
        tenant_id: invoice.tenantId,
      },
    },
    { idempotencyKey: `invoice-${invoice.id}` },
  );
  const id = created.id ?? '';
  const items = invoice.lines.map((line) => ({
    description: line.description,
    amount: line.amountCents,
    key: `line-${line.id}`,
  }));
  if (options.paidCents > 0) {
    items.push({
      description: 'Already paid',
      amount: -options.paidCents,
      key: `paid-${invoice.id}`,
    });
  }
  for (const item of items) {
    await client.invoiceItems.create(
      {
        customer: customerId,
        invoice: id,
        amount: item.amount,
        currency,
        description: item.description,
      },
      { idempotencyKey: item.key },
    );
  }
  return client.invoices.finalizeInvoice(id, {}, { idempotencyKey: `finalize-${invoice.id}` });
}

/**
 * The collect step of a plan change (changePlan's `collect`): runs inside the change's
 * transaction, so a declined card leaves no change behind. No card: `payment_method_required`.
 */
export function collectPlanChange(tenantId: string) {
  return async (tx: Executor, invoice: InvoiceWithLines): Promise<void> => {
    const customer = await findBillingCustomer(tx, tenantId);
    if (!customer?.paymentMethodId) {
      throw new DbError('payment_method_required', 'This change costs money: add a card first.');
    }
    let stripeInvoice: Stripe.Invoice | undefined;
    try {
      stripeInvoice = await stripeInvoiceFor(invoice, customer.stripeCustomerId, {
        autoAdvance: false,
        paidCents: 0,
      });
      const paid = await stripe().invoices.pay(stripeInvoice.id ?? '');
      await recordInvoiceCollection(tx, { invoiceId: invoice.id, stripeInvoiceId: paid.id ?? '' });
      await recordPayment(tx, {
        invoiceId: invoice.id,
        amountCents: invoice.totalCents,
        method: 'card',
        reference: paid.id ?? null,
      });
    } catch (error) {
      // The change is rolled back: the Stripe invoice must not stay payable.
      if (stripeInvoice?.id)
        await stripe()
          .invoices.voidInvoice(stripeInvoice.id)
          .catch(() => undefined);
      const problem = providerError(error);
      if (problem.code === 'card_declined') {
        throw new DbError(
          'card_declined',
          `${problem.message} Nothing was charged and your plan is unchanged; try another card.`,
          { cause: error },
        );
      }
      throw problem;
    }
  };
}

/**
 * Collects one open invoice (a renewal) by card, with Stripe's automatic retries on: a decline
 * starts dunning (applyFailedCharge). Nothing happens for a tenant without a card.
 */
export async function collectInvoice(invoiceId: string): Promise<'paid' | 'failed' | 'skipped'> {
  const invoice = await requireInvoice(db(), invoiceId);
  const customer = await findBillingCustomer(db(), invoice.tenantId);
  if (invoice.status !== 'open' || !customer?.paymentMethodId) return 'skipped';
  let stripeInvoiceId = (await findCollection(db(), invoice.id))?.stripeInvoiceId;
  if (!stripeInvoiceId) {
    const open = (await listOpenInvoices(db(), { tenantId: invoice.tenantId })).find(
      (row) => row.id === invoice.id,
    );
    const created = await stripeInvoiceFor(invoice, customer.stripeCustomerId, {
      autoAdvance: true,
      paidCents: open?.paidCents ?? 0,
    });
    stripeInvoiceId = created.id ?? '';
    await recordInvoiceCollection(db(), { invoiceId: invoice.id, stripeInvoiceId });
  }
  return payNow(stripeInvoiceId);
}

/** Charges a Stripe invoice now and applies the outcome (the webhook applies it again: harmless). */
async function payNow(stripeInvoiceId: string): Promise<'paid' | 'failed'> {
  const client = stripe();
  try {
    await applyPaidInvoice(await client.invoices.pay(stripeInvoiceId), undefined);
    return 'paid';
  } catch (error) {
    if (!(error instanceof Stripe.errors.StripeCardError)) throw error;
    await applyFailedCharge(await client.invoices.retrieve(stripeInvoiceId), undefined);
    return 'failed';
  }
}

/** Every open invoice of a tenant with a card that Stripe does not collect yet (billing run). */
export async function collectPendingInvoices(): Promise<{ paid: number; failed: number }> {
  const outcome = { paid: 0, failed: 0 };
  for (const { id } of await listUncollectedInvoices(db())) {
    const result = await collectInvoice(id);
    if (result !== 'skipped') outcome[result] += 1;
  }
  return outcome;
}

/** A new card: the tenant's unpaid invoices are charged again at once (recovers past_due). */
export async function retryOpenInvoices(tenantId: string): Promise<void> {
  for (const { stripeInvoiceId } of await listCollectingInvoices(db(), tenantId)) {
    try {
      await payNow(stripeInvoiceId);
    } catch (error) {
      // Settled or given up at Stripe meanwhile: its own event says so.
      if (!(error instanceof Stripe.errors.StripeInvalidRequestError)) throw error;
    }
  }
}
