import { findLiveSubscription, formatMoney, listInvoices, listPlans } from '@tagtime/db';
import type { Metadata } from 'next';
import Link from 'next/link';
import { PageTitle } from '@/components/page-title';
import { Card, EmptyState } from '@/components/ui';
import { routes } from '@/config/routes';
import { db } from '@/lib/db';
import { formatDateTime } from '@/lib/format';
import { isManager, requireTenant } from '@/lib/tenant';
import { InvoicesTable } from './invoices-table';
import { CancelControls, PlanPicker } from './plan-controls';

export const metadata: Metadata = { title: 'Billing' };

export default async function BillingPage({ params }: { params: Promise<{ tenantId: string }> }) {
  const { tenantId } = await params;
  const { user, tenant } = await requireTenant(tenantId);
  const [plans, subscription] = await Promise.all([
    listPlans(db()),
    findLiveSubscription(db(), tenant.id),
  ]);
  const current = plans.find((plan) => plan.code === (subscription?.planCode ?? 'free'));
  const manager = isManager(tenant);
  const invoices = manager
    ? await listInvoices(db(), { userId: user.id, tenantId: tenant.id })
    : [];
  const zone = user.timeZone;
  return (
    <>
      <PageTitle
        aside={
          <Link className="text-sm text-brand-600 hover:underline" href={routes.tenant(tenant.id)}>
            Members
          </Link>
        }
      >
        Billing · {tenant.name}
      </PageTitle>
      {subscription?.status === 'past_due' && (
        <p
          role="alert"
          className="rounded-md bg-red-50 p-3 text-sm text-red-800"
          data-testid="past-due-banner"
        >
          Payment is overdue: an invoice is past its due date. Pay the open invoices below to keep
          your plan.
        </p>
      )}
      <Card title="Current plan">
        <p className="text-lg" data-testid="current-plan">
          {current?.name ?? 'Free'}
          {subscription ? ` × ${subscription.seats}` : ''}
        </p>
        {subscription ? (
          <p className="text-sm text-slate-600">
            Status{' '}
            <span data-testid="subscription-status">{subscription.status.replace('_', ' ')}</span> ·
            this period runs {formatDateTime(subscription.currentPeriodStart.toISOString(), zone)}{' '}
            to {formatDateTime(subscription.currentPeriodEnd.toISOString(), zone)}
            {subscription.cancelAtPeriodEnd ? (
              <span data-testid="cancel-notice"> · ends then, moving to Free</span>
            ) : null}
          </p>
        ) : (
          <p className="text-sm text-slate-600">
            No payment needed. Upgrade for more devices and unlimited history.
          </p>
        )}
        {tenant.creditCents > 0 && (
          <p className="mt-1 text-sm text-green-700" data-testid="credit">
            Credit of {formatMoney(tenant.creditCents, current?.currency ?? 'EUR')} goes to your
            next invoices.
          </p>
        )}
        {subscription && tenant.role === 'owner' && (
          <CancelControls tenantId={tenant.id} canceling={subscription.cancelAtPeriodEnd} />
        )}
      </Card>
      {manager && plans.length === 0 ? (
        <Card title="Plans">
          <EmptyState title="No plans are configured">
            The plan catalogue is written by <code>npm run db:seed</code>.
          </EmptyState>
        </Card>
      ) : manager ? (
        <Card title="Plans">
          <PlanPicker
            tenantId={tenant.id}
            currentCode={current?.code ?? 'free'}
            currentSeats={subscription?.seats ?? 1}
            plans={plans.map((plan) => ({
              code: plan.code,
              name: plan.name,
              price: formatMoney(plan.pricePerSeatCents, plan.currency),
              free: plan.pricePerSeatCents === 0,
              limits: `${plan.maxDevices} devices per person · ${plan.historyDays ? `${plan.historyDays} days of history` : 'unlimited history'}`,
            }))}
          />
        </Card>
      ) : (
        <p className="text-sm text-slate-600">
          Owners and admins manage the plan and see invoices.
        </p>
      )}
      {manager && (
        <Card title="Invoices">
          <InvoicesTable
            rows={invoices.map((invoice) => ({
              id: invoice.id,
              number: invoice.number,
              href: routes.invoice(tenant.id, invoice.id),
              issued: formatDateTime(invoice.issuedAt?.toISOString() ?? null, zone),
              due: formatDateTime(invoice.dueAt?.toISOString() ?? null, zone),
              total: formatMoney(invoice.totalCents, invoice.currency),
              status: invoice.status,
            }))}
          />
        </Card>
      )}
    </>
  );
}
