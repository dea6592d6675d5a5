/**
 * The billing run: renews due periods (issuing their invoices), ends subscriptions set to
 * cancel, and marks overdue subscriptions. Meant to run daily (`npm run billing:run`).
 */
import { and, eq, inArray, lt, lte } from 'drizzle-orm';
import type { Database } from '../client.js';
import { requirePlan } from '../queries/billing/plans.js';
import { setSubscriptionStatus } from '../queries/billing/subscriptions.js';
import { invoices, subscriptions } from '../schema/billing.js';
import { BILLING_ZONE, invoiceCharges } from './invoicing.js';
import { periodContaining, periodLine } from './money.js';

export interface BillingRunReport {
  renewed: number;
  invoicesIssued: number;
  canceled: number;
  pastDue: number;
  reactivated: number;
}

/**
 * Renews every live subscription whose period has ended (catching up on missed periods),
 * ends those set to cancel, and marks subscriptions with an open invoice past its due date
 * `past_due` (and back `active` once nothing is overdue). Safe to run any number of times.
 */
export async function runBilling(
  db: Database,
  now = new Date(),
  onProgress: (message: string) => void = () => {},
): Promise<BillingRunReport> {
  const report: BillingRunReport = {
    renewed: 0,
    invoicesIssued: 0,
    canceled: 0,
    pastDue: 0,
    reactivated: 0,
  };
  const due = await db
    .select({ id: subscriptions.id })
    .from(subscriptions)
    .where(
      and(
        inArray(subscriptions.status, ['trialing', 'active', 'past_due']),
        lte(subscriptions.currentPeriodEnd, now),
      ),
    );
  onProgress(`${due.length} subscription(s) have a period to renew or end.`);
  for (const { id } of due) {
    await db.transaction(async (tx) => {
      const [sub] = await tx
        .select()
        .from(subscriptions)
        .where(eq(subscriptions.id, id))
        .for('update');
      if (!sub || sub.status === 'canceled' || sub.currentPeriodEnd > now) return;
      if (sub.cancelAtPeriodEnd) {
        await setSubscriptionStatus(tx, {
          subscriptionId: sub.id,
          status: 'canceled',
          at: sub.currentPeriodEnd,
        });
        report.canceled += 1;
        return;
      }
      const plan = await requirePlan(tx, sub.planCode);
      let start = sub.currentPeriodStart;
      let end = sub.currentPeriodEnd;
      while (end <= now) {
        start = end;
        end = periodContaining(sub.billingAnchorAt, start, BILLING_ZONE).end;
        const invoice = await invoiceCharges(tx, {
          tenantId: sub.tenantId,
          subscriptionId: sub.id,
          currency: plan.currency,
          lines: [periodLine(plan, sub.seats)],
          issuedAt: start,
        });
        if (invoice) report.invoicesIssued += 1;
      }
      await tx
        .update(subscriptions)
        .set({ currentPeriodStart: start, currentPeriodEnd: end, updatedAt: now })
        .where(eq(subscriptions.id, sub.id));
      report.renewed += 1;
    });
  }
  const overdue = await db
    .selectDistinct({ subscriptionId: invoices.subscriptionId })
    .from(invoices)
    .where(and(eq(invoices.status, 'open'), lt(invoices.dueAt, now)));
  const overdueIds = new Set(
    overdue.map((row) => row.subscriptionId).filter((id): id is string => id !== null),
  );
  const live = await db
    .select({ id: subscriptions.id, status: subscriptions.status })
    .from(subscriptions)
    .where(inArray(subscriptions.status, ['active', 'past_due']));
  for (const sub of live) {
    if (overdueIds.has(sub.id) && sub.status === 'active') {
      await setSubscriptionStatus(db, { subscriptionId: sub.id, status: 'past_due', at: now });
      report.pastDue += 1;
    } else if (!overdueIds.has(sub.id) && sub.status === 'past_due') {
      await setSubscriptionStatus(db, { subscriptionId: sub.id, status: 'active', at: now });
      report.reactivated += 1;
    }
  }
  onProgress(
    `renewed ${report.renewed}, issued ${report.invoicesIssued} invoice(s), ended ${report.canceled}, ` +
      `${report.pastDue} now past due, ${report.reactivated} active again.`,
  );
  return report;
}
