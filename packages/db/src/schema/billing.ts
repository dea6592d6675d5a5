import { sql } from 'drizzle-orm';
import {
  boolean,
  char,
  check,
  index,
  int,
  mysqlEnum,
  mysqlTable,
  uniqueIndex,
  varchar,
} from 'drizzle-orm/mysql-core';
import { createdAt, idColumn, updatedAt, utcDatetime } from './columns.js';
import { tenants } from './tenants.js';

/** The plan catalogue; money is always integer cents. */
export const plans = mysqlTable(
  'plans',
  {
    code: varchar('code', { length: 32 }).primaryKey(),
    name: varchar('name', { length: 100 }).notNull(),
    pricePerSeatCents: int('price_per_seat_cents').notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    /** Devices each user of a tenant on this plan may have paired at once. */
    maxDevices: int('max_devices').notNull(),
    /** Days of log history kept visible; NULL means unlimited. */
    historyDays: int('history_days'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check('plans_price_nonnegative', sql`${t.pricePerSeatCents} >= 0`),
    check('plans_max_devices_positive', sql`${t.maxDevices} >= 1`),
    check('plans_history_days_positive', sql`${t.historyDays} is null or ${t.historyDays} >= 1`),
  ],
);

export const subscriptionStatusValues = ['trialing', 'active', 'past_due', 'canceled'] as const;
export type SubscriptionStatus = (typeof subscriptionStatusValues)[number];

export const subscriptions = mysqlTable(
  'subscriptions',
  {
    id: idColumn().primaryKey(),
    tenantId: idColumn('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    planCode: varchar('plan_code', { length: 32 })
      .notNull()
      .references(() => plans.code),
    seats: int('seats').notNull(),
    status: mysqlEnum('status', subscriptionStatusValues).notNull(),
    currentPeriodStart: utcDatetime('current_period_start').notNull(),
    currentPeriodEnd: utcDatetime('current_period_end').notNull(),
    /**
     * Periods renew monthly on this moment's day and time of day (clamped to short months), so a
     * subscription started on the 31st returns to the 31st after February.
     */
    billingAnchorAt: utcDatetime('billing_anchor_at').notNull(),
    canceledAt: utcDatetime('canceled_at'),
    /** Ends with the current period instead of renewing; resumable until then. */
    cancelAtPeriodEnd: boolean('cancel_at_period_end').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('subscriptions_tenant_idx').on(t.tenantId),
    check('subscriptions_seats_positive', sql`${t.seats} >= 1`),
    check('subscriptions_period_order', sql`${t.currentPeriodEnd} > ${t.currentPeriodStart}`),
  ],
);

export const invoiceStatusValues = ['draft', 'open', 'paid', 'void'] as const;
export type InvoiceStatus = (typeof invoiceStatusValues)[number];

/**
 * `total_cents` must equal the sum of the invoice's lines. A CHECK cannot look at other rows, so
 * the billing queries keep it true: lines and total change only together, in one transaction.
 */
export const invoices = mysqlTable(
  'invoices',
  {
    id: idColumn().primaryKey(),
    number: varchar('number', { length: 32 }).notNull(),
    tenantId: idColumn('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    subscriptionId: idColumn('subscription_id').references(() => subscriptions.id, {
      onDelete: 'set null',
    }),
    status: mysqlEnum('status', invoiceStatusValues).notNull().default('draft'),
    currency: char('currency', { length: 3 }).notNull(),
    totalCents: int('total_cents').notNull().default(0),
    issuedAt: utcDatetime('issued_at'),
    dueAt: utcDatetime('due_at'),
    paidAt: utcDatetime('paid_at'),
    voidedAt: utcDatetime('voided_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('invoices_number_unique').on(t.number),
    index('invoices_tenant_idx').on(t.tenantId),
    check('invoices_total_nonnegative', sql`${t.totalCents} >= 0`),
    check(
      'invoices_dates_match_status',
      sql`(${t.status} = 'draft') = (${t.issuedAt} is null) and (${t.status} = 'paid') = (${t.paidAt} is not null)`,
    ),
  ],
);

export const invoiceLines = mysqlTable(
  'invoice_lines',
  {
    id: idColumn().primaryKey(),
    invoiceId: idColumn('invoice_id')
      .notNull()
      .references(() => invoices.id, { onDelete: 'cascade' }),
    position: int('position').notNull(),
    description: varchar('description', { length: 200 }).notNull(),
    quantity: int('quantity').notNull(),
    unitAmountCents: int('unit_amount_cents').notNull(),
    amountCents: int('amount_cents').notNull(),
  },
  (t) => [
    uniqueIndex('invoice_lines_position_unique').on(t.invoiceId, t.position),
    check('invoice_lines_quantity_positive', sql`${t.quantity} >= 1`),
    check(
      'invoice_lines_amount_product',
      sql`${t.amountCents} = ${t.quantity} * ${t.unitAmountCents}`,
    ),
  ],
);

export const payments = mysqlTable(
  'payments',
  {
    id: idColumn().primaryKey(),
    invoiceId: idColumn('invoice_id')
      .notNull()
      .references(() => invoices.id),
    amountCents: int('amount_cents').notNull(),
    method: varchar('method', { length: 32 }).notNull(),
    reference: varchar('reference', { length: 100 }),
    paidAt: utcDatetime('paid_at').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('payments_invoice_idx').on(t.invoiceId),
    check('payments_amount_positive', sql`${t.amountCents} > 0`),
  ],
);
