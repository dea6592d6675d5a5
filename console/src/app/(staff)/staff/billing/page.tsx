import { amountFromCents, formatMoney, listOpenInvoices, listTenantsForStaff } from '@tagtime/db';
import type { Metadata } from 'next';
import { PageTitle } from '@/components/page-title';
import { Card } from '@/components/ui';
import { db } from '@/lib/db';
import { formatDateTime } from '@/lib/format';
import { auditStaff, requireStaff } from '@/lib/staff';
import { type OpenInvoiceRow, OpenInvoicesTable } from './open-invoices-table';
import { RunBillingButton, TaxRateForm } from './staff-billing-controls';

export const metadata: Metadata = { title: 'Staff · Billing' };

export default async function StaffBillingPage() {
  const staff = await requireStaff();
  await auditStaff(staff, 'staff.view_open_invoices');
  const staffAdmin = staff.actingAs === 'staff-admin';
  const [open, tenants] = await Promise.all([
    listOpenInvoices(db()),
    staffAdmin ? listTenantsForStaff(db(), { staffUserId: staff.user.id }) : [],
  ]);
  const now = Date.now();
  const rows: OpenInvoiceRow[] = open.map((invoice) => ({
    id: invoice.id,
    number: invoice.number,
    tenantId: invoice.tenantId,
    tenantName: invoice.tenantName,
    due: formatDateTime(invoice.dueAt?.toISOString() ?? null, staff.user.timeZone),
    overdue: invoice.dueAt !== null && invoice.dueAt.getTime() < now,
    currency: invoice.currency,
    owed: formatMoney(invoice.totalCents - invoice.paidCents, invoice.currency),
    owedAmount: amountFromCents(invoice.totalCents - invoice.paidCents),
  }));
  return (
    <>
      <PageTitle>Billing</PageTitle>
      <Card title="Billing run">
        <p className="mb-3 text-sm text-slate-700">
          Renews every subscription whose period has ended, issues its invoice, ends those canceled
          at period end, and marks overdue subscriptions past due. The same as{' '}
          <code>npm run billing:run</code>.
        </p>
        {staffAdmin ? <RunBillingButton /> : <p className="text-sm">Needs the staff-admin role.</p>}
      </Card>
      <Card title="Open invoices">
        <OpenInvoicesTable rows={rows} />
      </Card>
      {staffAdmin && (
        <Card title="Tax rate of a tenant">
          <TaxRateForm
            tenants={tenants.map((tenant) => ({
              id: tenant.id,
              label: `${tenant.name} (${tenant.kind}, ${tenant.members} member${tenant.members === 1 ? '' : 's'})`,
              percent: tenant.taxRateBasisPoints / 100,
            }))}
          />
        </Card>
      )}
    </>
  );
}
