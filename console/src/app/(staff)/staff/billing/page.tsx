import { formatMoney, listOpenInvoices } from '@tagtime/db';
import type { Metadata } from 'next';
import { Card, EmptyState } from '@/components/ui';
import { db } from '@/lib/db';
import { formatDateTime } from '@/lib/format';
import { auditStaff, requireStaff } from '@/lib/staff';
import { PaymentForm, RunBillingButton, TaxRateForm } from './staff-billing-controls';

export const metadata: Metadata = { title: 'Staff · Billing' };

export default async function StaffBillingPage() {
  const staff = await requireStaff();
  await auditStaff(staff, 'staff.view_open_invoices');
  const open = await listOpenInvoices(db());
  const now = Date.now();
  return (
    <>
      <Card title="Billing run">
        <p className="mb-3 text-sm text-slate-700">
          Renews every subscription whose period has ended, issues its invoice, ends those canceled
          at period end, and marks overdue subscriptions past due. The same as{' '}
          <code>npm run billing:run</code>.
        </p>
        {staff.actingAs === 'staff-admin' ? (
          <RunBillingButton />
        ) : (
          <p className="text-sm">Needs the staff-admin role.</p>
        )}
      </Card>
      <Card title="Open invoices">
        {open.length === 0 ? (
          <EmptyState title="No open invoices" />
        ) : (
          <table className="w-full text-left text-sm" data-testid="open-invoices">
            <thead className="border-b border-slate-200 text-slate-500">
              <tr>
                <th className="px-2 py-2 font-medium">Invoice</th>
                <th className="px-2 py-2 font-medium">Tenant</th>
                <th className="px-2 py-2 font-medium">Due</th>
                <th className="px-2 py-2 font-medium text-right">Still owed</th>
                <th className="px-2 py-2 font-medium">Record a payment</th>
              </tr>
            </thead>
            <tbody>
              {open.map((invoice) => (
                <tr
                  key={invoice.id}
                  className="border-b border-slate-100"
                  data-testid={`open-invoice-${invoice.number}`}
                >
                  <td className="px-2 py-2">{invoice.number}</td>
                  <td className="px-2 py-2">{invoice.tenantName}</td>
                  <td
                    className={`px-2 py-2 ${invoice.dueAt && invoice.dueAt.getTime() < now ? 'text-red-700' : ''}`}
                  >
                    {formatDateTime(invoice.dueAt?.toISOString() ?? null, staff.user.timeZone)}
                  </td>
                  <td className="px-2 py-2 text-right tabular-nums">
                    {formatMoney(invoice.totalCents - invoice.paidCents, invoice.currency)}
                  </td>
                  <td className="px-2 py-2">
                    <PaymentForm
                      invoiceId={invoice.id}
                      tenantId={invoice.tenantId}
                      owedCents={invoice.totalCents - invoice.paidCents}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
      {staff.actingAs === 'staff-admin' && (
        <Card title="Tax rate of a tenant">
          <TaxRateForm />
        </Card>
      )}
    </>
  );
}
