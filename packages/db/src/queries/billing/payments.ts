import { asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../../client.js';
import { DbError } from '../../errors.js';
import { newId } from '../../ids.js';
import { invoices, payments } from '../../schema/billing.js';
import { parseInput } from '../../validation.js';
import { MANAGER_ROLES, requireTenantRole } from '../tenants.js';
import { assertInvoiceTotal } from './invoice-lines.js';
import { type Invoice, requireInvoice } from './invoices.js';

export type Payment = typeof payments.$inferSelect;

const paymentInput = z.object({
  invoiceId: z.string().min(1),
  amountCents: z.number().int().min(1),
  method: z.string().trim().min(1).max(32),
  reference: z.string().max(100).nullish(),
  paidAt: z.date().optional(),
});

async function paidSoFar(db: Executor, invoiceId: string): Promise<number> {
  const [row] = await db
    .select({ sum: sql<number>`coalesce(sum(${payments.amountCents}), 0)`.mapWith(Number) })
    .from(payments)
    .where(eq(payments.invoiceId, invoiceId));
  return row?.sum ?? 0;
}

/**
 * Records a payment against an open invoice; the payment that settles the balance marks the
 * invoice paid. A payment above the remaining balance is refused.
 */
export async function recordPayment(
  db: Executor,
  input: z.input<typeof paymentInput>,
): Promise<{ payment: Payment; invoice: Invoice }> {
  const parsed = parseInput(paymentInput, input);
  return db.transaction(async (tx) => {
    const [invoice] = await tx
      .select()
      .from(invoices)
      .where(eq(invoices.id, parsed.invoiceId))
      .for('update');
    if (!invoice) throw new DbError('not_found', `No invoice has the id ${parsed.invoiceId}.`);
    if (invoice.status !== 'open') {
      throw new DbError(
        'invoice_state',
        `Cannot pay invoice ${invoice.number}: it is ${invoice.status}, not open.`,
      );
    }
    await assertInvoiceTotal(tx, invoice.id);
    const balance = invoice.totalCents - (await paidSoFar(tx, invoice.id));
    if (parsed.amountCents > balance) {
      throw new DbError(
        'payment_exceeds_balance',
        `A payment of ${parsed.amountCents} cents exceeds the ${balance} cents still due on invoice ${invoice.number}.`,
      );
    }
    const paidAt = parsed.paidAt ?? new Date();
    const payment: Payment = {
      id: newId('pay'),
      invoiceId: invoice.id,
      amountCents: parsed.amountCents,
      method: parsed.method,
      reference: parsed.reference ?? null,
      paidAt,
      createdAt: new Date(),
    };
    await tx.insert(payments).values(payment);
    if (parsed.amountCents === balance) {
      await tx
        .update(invoices)
        .set({ status: 'paid', paidAt, updatedAt: paidAt })
        .where(eq(invoices.id, invoice.id));
    }
    const { lines: _lines, ...updated } = await requireInvoice(tx, invoice.id);
    return { payment, invoice: updated };
  });
}

/** Payments on an invoice, oldest first, for an owner or admin of its tenant. */
export async function listPayments(
  db: Executor,
  input: { userId: string; invoiceId: string },
): Promise<Payment[]> {
  const invoice = await requireInvoice(db, input.invoiceId);
  await requireTenantRole(db, {
    tenantId: invoice.tenantId,
    userId: input.userId,
    roles: MANAGER_ROLES,
  });
  return db
    .select()
    .from(payments)
    .where(eq(payments.invoiceId, input.invoiceId))
    .orderBy(asc(payments.paidAt), asc(payments.id));
}
