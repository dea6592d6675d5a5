import { formatMoney, getInvoice, isDbError } from '@tagtime/db';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { db } from '@/lib/db';
import { formatDateTime } from '@/lib/format';
import { requireTenant } from '@/lib/tenant';

export const metadata: Metadata = { title: 'Invoice' };

/** A printable invoice (the app chrome hides in print). */
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
  const money = (cents: number) => formatMoney(cents, invoice.currency);
  return (
    <article
      className="rounded-lg bg-white p-8 shadow-sm ring-1 ring-slate-200 print:shadow-none print:ring-0"
      data-testid="invoice"
    >
      <header className="mb-8 flex justify-between">
        <div>
          <p className="text-xl font-bold">TagTime Data</p>
          <p className="text-sm text-slate-600">Invoice for {tenant.name}</p>
        </div>
        <div className="text-right text-sm">
          <p className="text-lg font-semibold" data-testid="invoice-number">
            {invoice.number}
          </p>
          <p>Issued {formatDateTime(invoice.issuedAt?.toISOString() ?? null, user.timeZone)}</p>
          <p>Due {formatDateTime(invoice.dueAt?.toISOString() ?? null, user.timeZone)}</p>
          <p className="uppercase" data-testid="invoice-state">
            {invoice.status}
          </p>
        </div>
      </header>
      <table className="w-full text-left text-sm">
        <thead className="border-b border-slate-300">
          <tr>
            <th className="py-2 font-medium">Description</th>
            <th className="py-2 text-right font-medium">Qty</th>
            <th className="py-2 text-right font-medium">Unit</th>
            <th className="py-2 text-right font-medium">Amount</th>
          </tr>
        </thead>
        <tbody>
          {invoice.lines.map((line) => (
            <tr key={line.id} className="border-b border-slate-100" data-testid="invoice-line">
              <td className="py-2">{line.description}</td>
              <td className="py-2 text-right tabular-nums">{line.quantity}</td>
              <td className="py-2 text-right tabular-nums">{money(line.unitAmountCents)}</td>
              <td className="py-2 text-right tabular-nums">{money(line.amountCents)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <td colSpan={3} className="pt-4 text-right font-semibold">
              Total
            </td>
            <td className="pt-4 text-right font-semibold tabular-nums" data-testid="invoice-total">
              {money(invoice.totalCents)}
            </td>
          </tr>
        </tfoot>
      </table>
    </article>
  );
}
