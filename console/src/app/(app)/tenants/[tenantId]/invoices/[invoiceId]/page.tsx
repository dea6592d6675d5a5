import { formatMoney, getInvoice, isDbError, listPayments } from '@tagtime/db';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { PrintButton } from '@/components/print-button';
import { routes } from '@/config/routes';
import { db } from '@/lib/db';
import { formatDateTime } from '@/lib/format';
import { requireTenant } from '@/lib/tenant';
import { InvoiceLinesTable } from './invoice-lines-table';

export const metadata: Metadata = { title: 'Invoice' };

/** An invoice, printable (the app chrome and the buttons hide in print; "Save as PDF" there). */
export default async function InvoicePage({
  params,
}: {
  params: Promise<{ tenantId: string; invoiceId: string }>;
}) {
  const { tenantId, invoiceId } = await params;
  const { user, tenant } = await requireTenant(tenantId);
  const invoice = await getInvoice(db(), { userId: user.id, invoiceId }).catch((error) => {
    if (isDbError(error, 'forbidden') || isDbError(error, 'not_found')) notFound();
    throw error;
  });
  if (invoice.tenantId !== tenant.id) notFound();
  const payments = await listPayments(db(), { userId: user.id, invoiceId });
  const paidCents = payments.reduce((sum, payment) => sum + payment.amountCents, 0);
  const money = (cents: number) => formatMoney(cents, invoice.currency);
  const zone = user.timeZone;
  return (
    <>
      <div className="flex flex-wrap items-center justify-between gap-3 print:hidden">
        <Link
          className="text-sm text-brand-600 hover:underline"
          href={routes.billing(tenant.id)}
          data-testid="back-to-billing"
        >
          ← Billing of {tenant.name}
        </Link>
        <PrintButton />
      </div>
      <article
        className="rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200 sm:p-8 print:p-0 print:shadow-none print:ring-0"
        data-testid="invoice"
      >
        <header className="mb-8 flex flex-wrap justify-between gap-4">
          <div>
            <p className="text-xl font-bold">TagTime Data</p>
            <p className="text-sm text-slate-600">Invoice for {tenant.name}</p>
          </div>
          <div className="text-sm sm:text-right">
            <h1 className="text-lg font-semibold" data-testid="invoice-number">
              {invoice.number}
            </h1>
            <p>Issued {formatDateTime(invoice.issuedAt?.toISOString() ?? null, zone)}</p>
            <p>Due {formatDateTime(invoice.dueAt?.toISOString() ?? null, zone)}</p>
            <p className="uppercase" data-testid="invoice-state">
              {invoice.status}
            </p>
          </div>
        </header>
        <InvoiceLinesTable
          rows={invoice.lines.map((line) => ({
            id: line.id,
            description: line.description,
            quantity: line.quantity,
            unit: money(line.unitAmountCents),
            amount: money(line.amountCents),
          }))}
        />
        <dl className="mt-4 ml-auto grid max-w-xs grid-cols-[1fr_auto] gap-x-6 gap-y-1 text-sm">
          <dt className="font-semibold">Total</dt>
          <dd className="text-right font-semibold tabular-nums" data-testid="invoice-total">
            {money(invoice.totalCents)}
          </dd>
          {payments.map((payment) => (
            <div key={payment.id} className="contents" data-testid="invoice-payment">
              <dt className="text-slate-600">
                {payment.method === 'account-credit' ? 'Credit applied' : 'Paid'}{' '}
                {formatDateTime(payment.paidAt.toISOString(), zone)}
              </dt>
              <dd className="text-right tabular-nums">−{money(payment.amountCents)}</dd>
            </div>
          ))}
          {payments.length > 0 && (
            <>
              <dt className="font-semibold">Still due</dt>
              <dd className="text-right font-semibold tabular-nums" data-testid="invoice-due">
                {money(invoice.totalCents - paidCents)}
              </dd>
            </>
          )}
        </dl>
      </article>
    </>
  );
}
