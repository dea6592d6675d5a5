import { asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../../client.js';
import { DbError } from '../../errors.js';
import { invoiceLines, invoices } from '../../schema/billing.js';

export type InvoiceLine = typeof invoiceLines.$inferSelect;

export const invoiceLineInput = z.object({
  description: z.string().trim().min(1).max(200),
  quantity: z.number().int().min(1).max(1_000_000),
  // Negative for credits (proration of a downgrade); the invoice total stays non-negative.
  unitAmountCents: z.number().int().min(-100_000_000).max(100_000_000),
});
export type InvoiceLineInput = z.input<typeof invoiceLineInput>;

export async function linesOf(db: Executor, invoiceId: string): Promise<InvoiceLine[]> {
  return db
    .select()
    .from(invoiceLines)
    .where(eq(invoiceLines.invoiceId, invoiceId))
    .orderBy(asc(invoiceLines.position));
}

/** The sum of an invoice's line amounts, in cents. */
export async function sumOfLines(db: Executor, invoiceId: string): Promise<number> {
  const [row] = await db
    .select({ sum: sql<number>`coalesce(sum(${invoiceLines.amountCents}), 0)`.mapWith(Number) })
    .from(invoiceLines)
    .where(eq(invoiceLines.invoiceId, invoiceId));
  return row?.sum ?? 0;
}

/**
 * Throws `invoice_total_mismatch` unless the stored total equals the sum of the lines. MariaDB
 * cannot check this across rows, so every state change of an invoice runs this first.
 */
export async function assertInvoiceTotal(db: Executor, invoiceId: string): Promise<void> {
  const [invoice] = await db
    .select({ totalCents: invoices.totalCents })
    .from(invoices)
    .where(eq(invoices.id, invoiceId));
  if (!invoice) throw new DbError('not_found', `No invoice has the id ${invoiceId}.`);
  const sum = await sumOfLines(db, invoiceId);
  if (invoice.totalCents !== sum) {
    throw new DbError(
      'invoice_total_mismatch',
      `Invoice ${invoiceId} has a total of ${invoice.totalCents} cents but its lines add up to ${sum}.`,
    );
  }
}

/** Ids of invoices whose total differs from the sum of their lines (a health check). */
export async function findInvoiceTotalMismatches(db: Executor): Promise<string[]> {
  const rows = await db
    .select({ id: invoices.id })
    .from(invoices)
    .leftJoin(invoiceLines, eq(invoiceLines.invoiceId, invoices.id))
    .groupBy(invoices.id, invoices.totalCents)
    .having(sql`${invoices.totalCents} <> coalesce(sum(${invoiceLines.amountCents}), 0)`)
    .orderBy(asc(invoices.id));
  return rows.map((row) => row.id);
}
