import 'server-only';
import {
  advanceCollectionAttempts,
  closeCollection,
  endForNonPayment,
  findCollectionByStripeInvoice,
  findLiveSubscription,
  formatMoney,
  getUser,
  isDbError,
  listCollectingInvoices,
  listOpenInvoices,
  recordAuditEvent,
  recordPayment,
  requireInvoice,
  setSubscriptionStatus,
  tenantOwner,
} from '@tagtime/db';
import type Stripe from 'stripe';
import { routes } from '@/config/routes';
import { db } from '../db';
import { publicOrigin, sendMail } from '../mail';

/**
 * What a charge's outcome does to our books, from the charge's own answer or from Stripe's
 * webhook, whichever comes first; the second finds the work done. Each change is audited as the
 * system acting for the tenant's owner, naming the Stripe event when a webhook brought it.
 */

async function audit(tenantId: string, action: string, reason: string) {
  const owner = await tenantOwner(db(), tenantId);
  if (owner)
    await recordAuditEvent(db(), {
      actorUserId: owner,
      actorRole: 'system',
      action,
      tenantId,
      reason: reason.slice(0, 500),
    });
}

async function mailOwner(tenantId: string, subject: string, lines: string[]) {
  const owner = await tenantOwner(db(), tenantId);
  const user = owner ? await getUser(db(), owner) : undefined;
  if (!user) return;
  await sendMail({
    to: user.email,
    subject,
    body: [`Hello ${user.name},`, '', ...lines, '', '— TagTime'].join('\n'),
  });
}

const via = (eventId: string | undefined) => (eventId ? ` (Stripe event ${eventId})` : '');
const day = (date: Date) => date.toISOString().slice(0, 10);

/** Stripe says the invoice is paid: our invoice is paid, and a past-due plan is active again. */
export async function applyPaidInvoice(
  stripeInvoice: Stripe.Invoice,
  eventId: string | undefined,
): Promise<void> {
  const collection = await findCollectionByStripeInvoice(db(), stripeInvoice.id ?? '');
  if (!collection) return;
  await closeCollection(db(), collection.stripeInvoiceId);
  const [open] = (
    await listOpenInvoices(db(), {
      tenantId: (await requireInvoice(db(), collection.invoiceId)).tenantId,
    })
  ).filter((row) => row.id === collection.invoiceId);
  if (!open) return;
  try {
    await recordPayment(db(), {
      invoiceId: open.id,
      amountCents: open.totalCents - open.paidCents,
      method: 'card',
      reference: stripeInvoice.id ?? null,
    });
  } catch (error) {
    if (isDbError(error, 'invoice_state')) return; // paid meanwhile by the other path
    throw error;
  }
  await audit(
    open.tenantId,
    'billing.invoice_paid',
    `invoice ${open.number}, ${formatMoney(open.totalCents - open.paidCents, open.currency)} by card${via(eventId)}`,
  );
  const live = await findLiveSubscription(db(), open.tenantId);
  const stillFailing = (await listCollectingInvoices(db(), open.tenantId)).length > 0;
  if (live?.status === 'past_due' && !stillFailing) {
    await setSubscriptionStatus(db(), { subscriptionId: live.id, status: 'active' });
    await audit(
      open.tenantId,
      'billing.subscription_recovered',
      `paid invoice ${open.number}; the plan is active again${via(eventId)}`,
    );
    await mailOwner(open.tenantId, 'Payment received: your plan is active again', [
      `Invoice ${open.number} is paid. Thank you: your plan goes on as before.`,
    ]);
  }
}

/**
 * A charge failed: the subscription falls past due and the owner gets a dunning mail naming the
 * next try; when Stripe has no retry left, the invoice is voided and the plan ends (Free).
 */
export async function applyFailedCharge(
  stripeInvoice: Stripe.Invoice,
  eventId: string | undefined,
): Promise<void> {
  const collection = await findCollectionByStripeInvoice(db(), stripeInvoice.id ?? '');
  if (!collection) return;
  const next = stripeInvoice.next_payment_attempt
    ? new Date(stripeInvoice.next_payment_attempt * 1000)
    : null;
  const attempts = stripeInvoice.attempt_count ?? 0;
  const first = await advanceCollectionAttempts(db(), {
    stripeInvoiceId: collection.stripeInvoiceId,
    attempts,
    nextAttemptAt: next,
    lastError: 'card declined',
  });
  if (!first) return;
  const invoice = await requireInvoice(db(), collection.invoiceId);
  if (invoice.status !== 'open') return;
  const billing = `${publicOrigin()}${routes.billing(invoice.tenantId)}`;
  await audit(
    invoice.tenantId,
    'billing.payment_failed',
    `invoice ${invoice.number}, attempt ${attempts}${next ? `, next try ${day(next)}` : ', no retry left'}${via(eventId)}`,
  );
  if (!next && stripeInvoice.auto_advance) {
    const ended = await db().transaction((tx) =>
      endForNonPayment(tx, { invoiceId: invoice.id, at: new Date() }),
    );
    if (!ended) return;
    await audit(
      invoice.tenantId,
      'billing.subscription_canceled',
      `invoice ${invoice.number} unpaid after ${attempts} attempts; moved to Free${via(eventId)}`,
    );
    await mailOwner(invoice.tenantId, 'Your plan has ended: moved to Free', [
      `We could not charge your card for invoice ${invoice.number} after ${attempts} attempts, so your paid plan has ended and you are on Free now.`,
      `Choose a plan again at any time: ${billing}`,
    ]);
    return;
  }
  const live = await findLiveSubscription(db(), invoice.tenantId);
  if (live?.status === 'active' || live?.status === 'trialing') {
    await setSubscriptionStatus(db(), { subscriptionId: live.id, status: 'past_due' });
    await audit(
      invoice.tenantId,
      'billing.subscription_past_due',
      `invoice ${invoice.number} unpaid${via(eventId)}`,
    );
  }
  await mailOwner(invoice.tenantId, `Payment failed for invoice ${invoice.number}`, [
    `We could not charge your card ${formatMoney(invoice.totalCents, invoice.currency)} for invoice ${invoice.number} (attempt ${attempts}).`,
    next
      ? `We will try again on ${day(next)}. If every try fails, your plan ends and you move to Free.`
      : 'We will not try again.',
    `Update your card: ${billing}`,
  ]);
}
