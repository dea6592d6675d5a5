import { and, asc, eq, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../client.js';
import { invoices, payments } from '../../schema/billing.js';
import { tenants } from '../../schema/tenants.js';

export interface OpenInvoice {
  id: string;
  number: string;
  tenantId: string;
  tenantName: string;
  currency: string;
  totalCents: number;
  /** What payments (and applied credit) have covered so far. */
  paidCents: number;
  issuedAt: Date | null;
  dueAt: Date | null;
}

/**
 * Open invoices, oldest due first, with what is paid of each: of one tenant (the billing engine)
 * or of every tenant (staff, who record the audit row themselves). Unscoped: no member check.
 */
export async function listOpenInvoices(
  db: Executor,
  input: { tenantId?: string; limit?: number } = {},
): Promise<OpenInvoice[]> {
  const where: SQL[] = [eq(invoices.status, 'open')];
  if (input.tenantId) where.push(eq(invoices.tenantId, input.tenantId));
  return db
    .select({
      id: invoices.id,
      number: invoices.number,
      tenantId: invoices.tenantId,
      tenantName: tenants.name,
      currency: invoices.currency,
      totalCents: invoices.totalCents,
      paidCents:
        sql<number>`coalesce((select sum(${payments.amountCents}) from ${payments} where ${payments.invoiceId} = ${invoices.id}), 0)`.mapWith(
          Number,
        ),
      issuedAt: invoices.issuedAt,
      dueAt: invoices.dueAt,
    })
    .from(invoices)
    .innerJoin(tenants, eq(tenants.id, invoices.tenantId))
    .where(and(...where))
    .orderBy(asc(invoices.dueAt), asc(invoices.number))
    .limit(Math.min(Math.max(input.limit ?? 500, 1), 1000));
}
