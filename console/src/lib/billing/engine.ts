/**
 * The billing engine: plan changes with proration, cancel at period end and resume, and the
 * billing run that renews due periods, issues invoices and marks overdue subscriptions. Money
 * math is in ./money.ts; rows go through @tagtime/db. Periods are monthly in UTC, anchored on
 * the day the subscription started.
 */
import {
  createInvoice,
  createSubscription,
  type Database,
  DbError,
  type Executor,
  findLiveSubscription,
  getPlan,
  type InvoiceWithLines,
  issueInvoice,
  type Plan,
  requireTenantRole,
  type Subscription,
  schema,
  setSubscriptionStatus,
} from '@tagtime/db';
import { and, eq, inArray, lt, lte, sql } from 'drizzle-orm';
import {
  invoiceTotals,
  type Line,
  monthlyBoundary,
  type Period,
  periodContaining,
  periodLine,
  planChangeLines,
} from './money';

const BILLING_ZONE = 'UTC';
const PAYMENT_TERMS_DAYS = 14;
const { invoices, subscriptions, tenants } = schema;

async function requirePlan(db: Executor, code: string): Promise<Plan> {
  const plan = await getPlan(db, code);
  if (!plan) throw new DbError('invalid_input', `There is no plan "${code}".`);
  return plan;
}

async function lockTenant(db: Executor, tenantId: string) {
  const [tenant] = await db.select().from(tenants).where(eq(tenants.id, tenantId)).for('update');
  if (!tenant) throw new DbError('not_found', `No tenant has the id ${tenantId}.`);
  return tenant;
}

/**
 * Turns charges into an issued invoice: takes the tenant's credit off (never below zero), adds
 * tax as its own line, and issues it due in 14 days. No invoice when nothing is owed.
 */
async function invoiceCharges(
  db: Executor,
  input: {
    tenantId: string;
    subscriptionId: string;
    currency: string;
    lines: Line[];
    issuedAt: Date;
  },
): Promise<InvoiceWithLines | undefined> {
  const tenant = await lockTenant(db, input.tenantId);
  const lines = [...input.lines];
  const owed = invoiceTotals(lines, 0).subtotalCents;
  const credit = Math.min(tenant.creditCents, Math.max(0, owed));
  if (credit > 0) {
    lines.push({
      description: 'Account credit applied',
      quantity: 1,
      unitAmountCents: -credit,
      amountCents: -credit,
    });
    await db
      .update(tenants)
      .set({ creditCents: tenant.creditCents - credit })
      .where(eq(tenants.id, tenant.id));
  }
  const { subtotalCents, taxCents } = invoiceTotals(lines, tenant.taxRateBasisPoints);
  if (subtotalCents <= 0) return undefined;
  if (taxCents > 0) {
    const rate = `${tenant.taxRateBasisPoints / 100}%`;
    lines.push({
      description: `Tax ${rate}`,
      quantity: 1,
      unitAmountCents: taxCents,
      amountCents: taxCents,
    });
  }
  const draft = await createInvoice(
    db,
    {
      tenantId: input.tenantId,
      subscriptionId: input.subscriptionId,
      currency: input.currency,
      lines,
    },
    input.issuedAt,
  );
  const dueAt = new Date(input.issuedAt.getTime() + PAYMENT_TERMS_DAYS * 86400_000);
  return issueInvoice(db, { invoiceId: draft.id, dueAt, issuedAt: input.issuedAt });
}

export interface PlanChange {
  subscription?: Subscription;
  invoice?: InvoiceWithLines;
  creditedCents: number;
  /** What happened, in a sentence for the person who asked. */
  summary: string;
}

/**
 * Moves a tenant to `planCode` × `seats` now. From Free: a subscription starts and its first
 * period is invoiced. Between paid plans: the unused rest of the old price is credited and the
 * rest of the new one charged; a net charge is invoiced, a net credit kept for later invoices.
 * To Free: the subscription ends with its period.
 */
export function changePlan(
  db: Database,
  input: { actorUserId: string; tenantId: string; planCode: string; seats: number; now?: Date },
): Promise<PlanChange> {
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    await requireTenantRole(tx, {
      tenantId: input.tenantId,
      userId: input.actorUserId,
      roles: ['owner', 'admin'],
    });
    const to = await requirePlan(tx, input.planCode);
    const seats = to.pricePerSeatCents === 0 ? 1 : input.seats;
    if (!Number.isInteger(seats) || seats < 1 || seats > 10_000) {
      throw new DbError('invalid_input', 'Seats must be a whole number from 1 to 10,000.');
    }
    await lockTenant(tx, input.tenantId);
    const live = await findLiveSubscription(tx, input.tenantId);

    if (!live) {
      if (to.pricePerSeatCents === 0) {
        throw new DbError('invalid_input', `This tenant is on the ${to.name} plan already.`);
      }
      const subscription = await createSubscription(tx, {
        tenantId: input.tenantId,
        planCode: to.code,
        seats,
        status: 'active',
        currentPeriodStart: now,
        currentPeriodEnd: monthlyBoundary(now, 1, BILLING_ZONE),
      });
      const invoice = await invoiceCharges(tx, {
        tenantId: input.tenantId,
        subscriptionId: subscription.id,
        currency: to.currency,
        lines: [periodLine(to, seats)],
        issuedAt: now,
      });
      return {
        subscription,
        invoice,
        creditedCents: 0,
        summary: `Now on ${to.name} × ${seats}; the first month is invoiced.`,
      };
    }

    const from = await requirePlan(tx, live.planCode);
    if (to.pricePerSeatCents === 0) {
      await tx
        .update(subscriptions)
        .set({ cancelAtPeriodEnd: true, updatedAt: now })
        .where(eq(subscriptions.id, live.id));
      return {
        subscription: { ...live, cancelAtPeriodEnd: true },
        creditedCents: 0,
        summary: `${from.name} ends with the current period; then you are on ${to.name}.`,
      };
    }
    const period: Period = { start: live.currentPeriodStart, end: live.currentPeriodEnd };
    const lines = planChangeLines(
      { name: from.name, pricePerSeatCents: from.pricePerSeatCents, seats: live.seats },
      { name: to.name, pricePerSeatCents: to.pricePerSeatCents, seats },
      period,
      now,
    );
    const net = lines.reduce((sum, line) => sum + line.amountCents, 0);
    let invoice: InvoiceWithLines | undefined;
    let creditedCents = 0;
    if (net > 0) {
      invoice = await invoiceCharges(tx, {
        tenantId: input.tenantId,
        subscriptionId: live.id,
        currency: to.currency,
        lines,
        issuedAt: now,
      });
    } else if (net < 0) {
      creditedCents = -net;
      await tx
        .update(tenants)
        .set({ creditCents: sql`${tenants.creditCents} + ${creditedCents}` })
        .where(eq(tenants.id, input.tenantId));
    }
    const changes = { planCode: to.code, seats, cancelAtPeriodEnd: false, updatedAt: now };
    await tx.update(subscriptions).set(changes).where(eq(subscriptions.id, live.id));
    const summary =
      net > 0
        ? `Now on ${to.name} × ${seats}; the rest of this period is invoiced, prorated.`
        : net < 0
          ? `Now on ${to.name} × ${seats}; the unused rest is credited to your next invoices.`
          : `Now on ${to.name} × ${seats}.`;
    return { subscription: { ...live, ...changes }, invoice, creditedCents, summary };
  });
}

/** Ends the subscription with its current period (`resume` undoes it until then); owners only. */
export async function setCancelAtPeriodEnd(
  db: Database,
  input: { actorUserId: string; tenantId: string; cancel: boolean },
): Promise<Subscription> {
  await requireTenantRole(db, {
    tenantId: input.tenantId,
    userId: input.actorUserId,
    roles: ['owner'],
  });
  const live = await findLiveSubscription(db, input.tenantId);
  if (!live) throw new DbError('not_found', 'This tenant has no paid subscription.');
  await db
    .update(subscriptions)
    .set({ cancelAtPeriodEnd: input.cancel, updatedAt: new Date() })
    .where(eq(subscriptions.id, live.id));
  return { ...live, cancelAtPeriodEnd: input.cancel };
}

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
