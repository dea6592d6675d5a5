import {
  findBillingCustomer,
  findLiveSubscription,
  formatMoney,
  listCollectingInvoices,
  listInvoices,
  listPlans,
  seatUsage,
} from '@tagtime/db';
import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { PageTitle } from '@/components/page-title';
import { Card, EmptyState } from '@/components/ui';
import { routes } from '@/config/routes';
import { adoptCheckoutCard } from '@/lib/billing/cards';
import { retryOpenInvoices } from '@/lib/billing/collect';
import { db } from '@/lib/db';
import { formatDateTime } from '@/lib/format';
import { isManager, requireTenant } from '@/lib/tenant';
import { CardPortalButton, PaymentMethod } from './card-controls';
import { InvoicesTable } from './invoices-table';
import { CancelControls, PlanPicker } from './plan-controls';

export const metadata: Metadata = { title: 'Billing' };

export default async function BillingPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenantId: string }>;
  searchParams: Promise<{ card_session?: string | string[] }>;
}) {
  const { tenantId } = await params;
  const { user, tenant } = await requireTenant(tenantId);
  const manager = isManager(tenant);
  // Back from Stripe Checkout: its card is saved now, not only when the webhook comes.
  const { card_session: cardSession } = await searchParams;
  if (manager && typeof cardSession === 'string' && /^cs_\w{1,200}$/.test(cardSession)) {
    const change = await adoptCheckoutCard(cardSession, tenant.id);
    if (change?.changed) await retryOpenInvoices(tenant.id);
    // A clean address: reloading it or sharing it carries no session id.
    redirect(routes.billing(tenant.id));
  }
  const [plans, subscription, customer, usage, failing] = await Promise.all([
    listPlans(db()),
    findLiveSubscription(db(), tenant.id),
    findBillingCustomer(db(), tenant.id),
    seatUsage(db(), tenant.id),
    listCollectingInvoices(db(), tenant.id),
  ]);
  const card = customer?.cardLast4 ? `${customer.cardBrand} •••• ${customer.cardLast4}` : null;
  const nextTry = failing.find((row) => row.nextAttemptAt)?.nextAttemptAt;
  const current = plans.find((plan) => plan.code === (subscription?.planCode ?? 'free'));
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
        <div
          role="alert"
          className="flex flex-col gap-3 rounded-md bg-red-50 p-3 text-sm text-red-800 sm:flex-row sm:items-center sm:justify-between"
          data-testid="past-due-banner"
        >
          <p>
            {failing.length > 0
              ? `Your card was declined for ${failing.map((row) => row.number).join(', ')}. ${nextTry ? `We try again on ${formatDateTime(nextTry.toISOString(), zone)}; ` : ''}update your card and we charge it at once. If every try fails, the plan ends and you move to Free.`
              : 'Payment is overdue: an invoice is past its due date. Pay the open invoices below to keep your plan.'}
          </p>
          {manager && card && (
            <div className="shrink-0">
              <CardPortalButton tenantId={tenant.id} label="Update card" />
            </div>
          )}
        </div>
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
        {subscription && (
          <p className="text-sm text-slate-600" data-testid="seat-usage">
            {usage.members} of {subscription.seats} seat{subscription.seats === 1 ? '' : 's'} used
            {usage.pendingInvites > 0 ? `, ${usage.pendingInvites} held by invitations` : ''}
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
      {manager && (
        <Card title="Payment method">
          <PaymentMethod tenantId={tenant.id} card={card} />
        </Card>
      )}
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
            hasCard={card !== null}
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
