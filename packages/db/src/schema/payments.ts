import { int, mysqlTable, uniqueIndex, varchar } from 'drizzle-orm/mysql-core';
import { invoices } from './billing.js';
import { createdAt, idColumn, updatedAt, utcDatetime } from './columns.js';
import { tenants } from './tenants.js';

/**
 * The payment provider's side of a tenant (Stripe): the customer that holds its card, and what
 * the card shows (brand, last four digits) so pages need not ask Stripe. The card itself never
 * reaches us.
 */
export const billingCustomers = mysqlTable(
  'billing_customers',
  {
    tenantId: idColumn('tenant_id')
      .primaryKey()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    stripeCustomerId: varchar('stripe_customer_id', { length: 255 }).notNull(),
    paymentMethodId: varchar('payment_method_id', { length: 255 }),
    cardBrand: varchar('card_brand', { length: 32 }),
    cardLast4: varchar('card_last4', { length: 4 }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('billing_customers_stripe_unique').on(t.stripeCustomerId)],
);

/**
 * Webhook events already handled, by the provider's event id: a replayed or redelivered event
 * finds its row and changes nothing.
 */
export const paymentEvents = mysqlTable('payment_events', {
  id: varchar('id', { length: 255 }).primaryKey(),
  type: varchar('type', { length: 100 }).notNull(),
  /** The provider's `created` time of the event. */
  occurredAt: utcDatetime('occurred_at').notNull(),
  processedAt: utcDatetime('processed_at')
    .notNull()
    .$defaultFn(() => new Date()),
});

/** How collecting one invoice by card went: attempts so far and when the next retry is. */
export const invoiceCollections = mysqlTable(
  'invoice_collections',
  {
    invoiceId: idColumn('invoice_id')
      .primaryKey()
      .references(() => invoices.id, { onDelete: 'cascade' }),
    stripeInvoiceId: varchar('stripe_invoice_id', { length: 255 }).notNull(),
    attempts: int('attempts').notNull().default(0),
    nextAttemptAt: utcDatetime('next_attempt_at'),
    lastError: varchar('last_error', { length: 200 }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('invoice_collections_stripe_unique').on(t.stripeInvoiceId)],
);
