/**
 * Card collection through a payment provider (Stripe): the customer of each tenant, which of our
 * invoices are collected by which provider invoice, and the provider's webhook events already
 * handled. The provider calls themselves live in the console; this is what we keep of them.
 */
import { and, eq, isNull, lt, ne, notExists, or } from 'drizzle-orm';
import type { Executor } from '../../client.js';
import { DbError, isDuplicateKeyError } from '../../errors.js';
import { invoices } from '../../schema/billing.js';
import { billingCustomers, invoiceCollections, paymentEvents } from '../../schema/payments.js';
import { memberships } from '../../schema/tenants.js';
import { setSubscriptionStatus } from './subscriptions.js';

export type BillingCustomer = typeof billingCustomers.$inferSelect;
export type InvoiceCollection = typeof invoiceCollections.$inferSelect;

export async function findBillingCustomer(
  db: Executor,
  tenantId: string,
): Promise<BillingCustomer | undefined> {
  const [row] = await db
    .select()
    .from(billingCustomers)
    .where(eq(billingCustomers.tenantId, tenantId));
  return row;
}

export async function findBillingCustomerByStripeId(
  db: Executor,
  stripeCustomerId: string,
): Promise<BillingCustomer | undefined> {
  const [row] = await db
    .select()
    .from(billingCustomers)
    .where(eq(billingCustomers.stripeCustomerId, stripeCustomerId));
  return row;
}

/** Links a tenant to its provider customer, once; a second link keeps the first. */
export async function saveBillingCustomer(
  db: Executor,
  input: { tenantId: string; stripeCustomerId: string },
): Promise<BillingCustomer> {
  try {
    await db.insert(billingCustomers).values(input);
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
  }
  const saved = await findBillingCustomer(db, input.tenantId);
  if (!saved) throw new DbError('not_found', `No tenant has the id ${input.tenantId}.`);
  return saved;
}

/**
 * The card that pays from now on, as the provider describes it. True only for the caller that
 * changed it (the webhook and the person's return from Checkout may both report one card).
 */
export async function setBillingCard(
  db: Executor,
  input: { tenantId: string; paymentMethodId: string; brand: string; last4: string },
): Promise<boolean> {
  const [result] = await db
    .update(billingCustomers)
    .set({
      paymentMethodId: input.paymentMethodId,
      cardBrand: input.brand.slice(0, 32),
      cardLast4: input.last4.slice(0, 4),
      updatedAt: new Date(),
    })
    .where(
      and(
        eq(billingCustomers.tenantId, input.tenantId),
        or(
          isNull(billingCustomers.paymentMethodId),
          ne(billingCustomers.paymentMethodId, input.paymentMethodId),
        ),
      ),
    );
  return result.affectedRows === 1;
}

/** Notes that a provider invoice collects our invoice (one each way). */
export async function recordInvoiceCollection(
  db: Executor,
  input: { invoiceId: string; stripeInvoiceId: string },
): Promise<void> {
  await db.insert(invoiceCollections).values(input);
}

export async function findCollectionByStripeInvoice(
  db: Executor,
  stripeInvoiceId: string,
): Promise<InvoiceCollection | undefined> {
  const [row] = await db
    .select()
    .from(invoiceCollections)
    .where(eq(invoiceCollections.stripeInvoiceId, stripeInvoiceId));
  return row;
}

export async function findCollection(
  db: Executor,
  invoiceId: string,
): Promise<InvoiceCollection | undefined> {
  const [row] = await db
    .select()
    .from(invoiceCollections)
    .where(eq(invoiceCollections.invoiceId, invoiceId));
  return row;
}

/**
 * A charge attempt's outcome: how many attempts so far, the next retry (none: no more), the
 * error. True only for the first caller to report this attempt (the charge's own answer and its
 * webhook both report it; one of them acts on it).
 */
export async function advanceCollectionAttempts(
  db: Executor,
  input: {
    stripeInvoiceId: string;
    attempts: number;
    nextAttemptAt: Date | null;
    lastError: string | null;
  },
): Promise<boolean> {
  const [result] = await db
    .update(invoiceCollections)
    .set({
      attempts: input.attempts,
      nextAttemptAt: input.nextAttemptAt,
      lastError: input.lastError?.slice(0, 200) ?? null,
      updatedAt: new Date(),
    })
    .where(
      and(
        eq(invoiceCollections.stripeInvoiceId, input.stripeInvoiceId),
        lt(invoiceCollections.attempts, input.attempts),
      ),
    );
  return result.affectedRows === 1;
}

/** Open invoices of tenants with a card that no provider invoice collects yet (billing run). */
export async function listUncollectedInvoices(db: Executor) {
  return db
    .select({ id: invoices.id, tenantId: invoices.tenantId })
    .from(invoices)
    .innerJoin(billingCustomers, eq(billingCustomers.tenantId, invoices.tenantId))
    .where(
      and(
        eq(invoices.status, 'open'),
        notExists(
          db
            .select({ one: invoiceCollections.invoiceId })
            .from(invoiceCollections)
            .where(eq(invoiceCollections.invoiceId, invoices.id)),
        ),
      ),
    );
}

/** A tenant's open invoices that a provider invoice collects (retried when the card changes). */
export async function listCollectingInvoices(db: Executor, tenantId: string) {
  return db
    .select({
      invoiceId: invoices.id,
      number: invoices.number,
      stripeInvoiceId: invoiceCollections.stripeInvoiceId,
      attempts: invoiceCollections.attempts,
      nextAttemptAt: invoiceCollections.nextAttemptAt,
    })
    .from(invoices)
    .innerJoin(invoiceCollections, eq(invoiceCollections.invoiceId, invoices.id))
    .where(and(eq(invoices.tenantId, tenantId), eq(invoices.status, 'open')));
}

/**
 * Claims a webhook event by its id: true the first time, false for a replay or redelivery
 * (which then changes nothing). Run it in the transaction of the event's effect, so a failed
 * effect leaves the event unclaimed for the provider's next delivery.
 */
export async function claimPaymentEvent(
  db: Executor,
  input: { id: string; type: string; occurredAt: Date },
): Promise<boolean> {
  try {
    await db.insert(paymentEvents).values(input);
    return true;
  } catch (error) {
    if (isDuplicateKeyError(error)) return false;
    throw error;
  }
}

/** The tenant's first owner: who a provider event's audit row and mails are about. */
export async function tenantOwner(db: Executor, tenantId: string): Promise<string | undefined> {
  const [row] = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.tenantId, tenantId), eq(memberships.role, 'owner')))
    .orderBy(memberships.createdAt)
    .limit(1);
  return row?.userId;
}

/**
 * Dunning gave up: the unpaid invoice is voided and its subscription canceled, so the tenant is
 * on Free from `at`. Nothing happens to an invoice that is no longer open.
 */
export async function endForNonPayment(
  db: Executor,
  input: { invoiceId: string; at: Date },
): Promise<{ subscriptionId: string | null } | undefined> {
  const [invoice] = await db
    .select()
    .from(invoices)
    .where(and(eq(invoices.id, input.invoiceId), eq(invoices.status, 'open')))
    .for('update');
  if (!invoice) return undefined;
  await db
    .update(invoices)
    .set({ status: 'void', voidedAt: input.at, updatedAt: input.at })
    .where(eq(invoices.id, invoice.id));
  if (invoice.subscriptionId) {
    await setSubscriptionStatus(db, {
      subscriptionId: invoice.subscriptionId,
      status: 'canceled',
      at: input.at,
    }).catch((error: unknown) => {
      // Already canceled: the tenant is on Free either way.
      if (!(error instanceof DbError && error.code === 'invalid_input')) throw error;
    });
  }
  return { subscriptionId: invoice.subscriptionId };
}

/** The invoice was paid: no retry is pending for it any more. */
export async function closeCollection(db: Executor, stripeInvoiceId: string): Promise<void> {
  await db
    .update(invoiceCollections)
    .set({ nextAttemptAt: null, lastError: null, updatedAt: new Date() })
    .where(eq(invoiceCollections.stripeInvoiceId, stripeInvoiceId));
}

/** Gives a claimed event back (acting on it failed), so the provider's next delivery acts. */
export async function releasePaymentEvent(db: Executor, id: string): Promise<void> {
  await db.delete(paymentEvents).where(eq(paymentEvents.id, id));
}
