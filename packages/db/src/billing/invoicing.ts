/**
 * Turning charges into issued invoices, shared by plan changes and the billing run: the
 * tenant's credit is taken off and tax added as lines of their own. Periods are monthly in
 * BILLING_ZONE, anchored on the day the subscription started; the money math is in ./money.ts.
 */
import { eq } from 'drizzle-orm';
import type { Executor } from '../client.js';
import { DbError } from '../errors.js';
import { createInvoice, type InvoiceWithLines, issueInvoice } from '../queries/billing/invoices.js';
import { tenants } from '../schema/tenants.js';
import { invoiceTotals, type Line } from './money.js';

export const BILLING_ZONE = 'UTC';
const PAYMENT_TERMS_DAYS = 14;

/** The tenant, its row locked until the transaction ends: one writer of its credit and plan. */
export async function lockTenant(db: Executor, tenantId: string) {
  const [tenant] = await db.select().from(tenants).where(eq(tenants.id, tenantId)).for('update');
  if (!tenant) throw new DbError('not_found', `No tenant has the id ${tenantId}.`);
  return tenant;
}

/**
 * Turns charges into an issued invoice: takes the tenant's credit off (never below zero), adds
 * tax as its own line, and issues it due in 14 days. No invoice when nothing is owed.
 */
export async function invoiceCharges(
  db: Executor,
  input: {
    tenantId: string;
    subscriptionId: string;
    currency: string;
    lines: Line[];
    issuedAt: Date;
  },
): Promise<InvoiceWithLines | undefined> {
  const tenant = await lockTenant(db, input.tenantId);
  const lines = [...input.lines];
  const owed = invoiceTotals(lines, 0).subtotalCents;
  const credit = Math.min(tenant.creditCents, Math.max(0, owed));
  if (credit > 0) {
    lines.push({
      description: 'Account credit applied',
      quantity: 1,
      unitAmountCents: -credit,
      amountCents: -credit,
    });
    await db
      .update(tenants)
      .set({ creditCents: tenant.creditCents - credit })
      .where(eq(tenants.id, tenant.id));
  }
  const { subtotalCents, taxCents } = invoiceTotals(lines, tenant.taxRateBasisPoints);
  if (subtotalCents <= 0) return undefined;
  if (taxCents > 0) {
    const rate = `${tenant.taxRateBasisPoints / 100}%`;
    lines.push({
      description: `Tax ${rate}`,
      quantity: 1,
      unitAmountCents: taxCents,
      amountCents: taxCents,
    });
  }
  const draft = await createInvoice(
    db,
    {
      tenantId: input.tenantId,
      subscriptionId: input.subscriptionId,
      currency: input.currency,
      lines,
    },
    input.issuedAt,
  );
  const dueAt = new Date(input.issuedAt.getTime() + PAYMENT_TERMS_DAYS * 86400_000);
  return issueInvoice(db, { invoiceId: draft.id, dueAt, issuedAt: input.issuedAt });
}
