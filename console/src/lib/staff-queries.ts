import 'server-only';
import { schema } from '@tagtime/db';
import { and, asc, eq, sql } from 'drizzle-orm';
import { db } from './db';

const { invoices, tenants, payments } = schema;

/** Open invoices of every tenant, oldest due first, with what is still owed. */
export async function openInvoicesForStaff() {
  return db()
    .select({
      id: invoices.id,
      number: invoices.number,
      tenantId: invoices.tenantId,
      tenantName: tenants.name,
      currency: invoices.currency,
      totalCents: invoices.totalCents,
      dueAt: invoices.dueAt,
      paidCents:
        sql<number>`coalesce((select sum(${payments.amountCents}) from ${payments} where ${payments.invoiceId} = ${invoices.id}), 0)`.mapWith(
          Number,
        ),
    })
    .from(invoices)
    .innerJoin(tenants, eq(tenants.id, invoices.tenantId))
    .where(and(eq(invoices.status, 'open')))
    .orderBy(asc(invoices.dueAt), asc(invoices.number))
    .limit(500);
}
