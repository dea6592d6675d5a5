/**
 * Plan changes: prorated between plans, previewed in a transaction that is rolled back and then
 * confirmed at the quoted price; cancel at period end and resume. The invoices they issue are
 * made by ./invoicing.ts.
 */
import { eq, sql } from 'drizzle-orm';
import type { Database, Executor } from '../client.js';
import { DbError } from '../errors.js';
import type { InvoiceWithLines } from '../queries/billing/invoices.js';
import { listOpenInvoices } from '../queries/billing/open-invoices.js';
import { recordPayment } from '../queries/billing/payments.js';
import { requirePlan } from '../queries/billing/plans.js';
import { assertSeatsHoldMembers } from '../queries/billing/seats.js';
import {
  createSubscription,
  findLiveSubscription,
  type Subscription,
} from '../queries/billing/subscriptions.js';
import { requireTenantRole } from '../queries/tenants.js';
import { subscriptions } from '../schema/billing.js';
import { tenants } from '../schema/tenants.js';
import { BILLING_ZONE, invoiceCharges, lockTenant } from './invoicing.js';
import { monthlyBoundary, type Period, periodLine, planChangeLines } from './money.js';

/** How long a previewed price holds: confirming later asks for a fresh preview. */
export const QUOTE_TTL_MS = 10 * 60_000;

/**
 * A credit pays the tenant's open invoices first, oldest first (so a downgrade right after an
 * upgrade lowers what the unpaid upgrade invoice still asks for, instead of leaving a debt and
 * a credit side by side); what is left stays as credit for later invoices.
 */
async function grantCredit(
  db: Executor,
  input: { tenantId: string; creditCents: number; at: Date },
): Promise<{ appliedCents: number; keptCents: number }> {
  let left = input.creditCents;
  for (const invoice of await listOpenInvoices(db, { tenantId: input.tenantId })) {
    if (left === 0) break;
    const amountCents = Math.min(left, invoice.totalCents - invoice.paidCents);
    if (amountCents <= 0) continue;
    await recordPayment(db, {
      invoiceId: invoice.id,
      amountCents,
      method: 'account-credit',
      reference: 'credit for the unused time of a plan change',
      paidAt: input.at,
    });
    left -= amountCents;
  }
  if (left > 0) {
    await db
      .update(tenants)
      .set({ creditCents: sql`${tenants.creditCents} + ${left}` })
      .where(eq(tenants.id, input.tenantId));
  }
  return { appliedCents: input.creditCents - left, keptCents: left };
}

export interface PlanChange {
  subscription?: Subscription;
  /** The invoice the change issues, if it charges anything. */
  invoice?: InvoiceWithLines;
  /** What is charged now: the invoice's total, or 0. */
  chargedCents: number;
  /** Credit for unused time: first taken off open invoices, the rest kept for later ones. */
  creditedCents: number;
  /** The part of `creditedCents` that paid open invoices. */
  creditAppliedCents: number;
  /** The currency of the amounts (the new plan's). */
  currency: string;
  /** The moment the change is priced at. */
  at: Date;
  /** What happened (or would happen), in a sentence for the person who asked. */
  summary: string;
}

export interface PlanChangeInput {
  actorUserId: string;
  tenantId: string;
  planCode: string;
  seats: number;
  now?: Date;
}

async function applyPlanChange(tx: Executor, input: PlanChangeInput): Promise<PlanChange> {
  const now = input.now ?? new Date();
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
  if (to.pricePerSeatCents > 0) await assertSeatsHoldMembers(tx, input.tenantId, seats);
  const live = await findLiveSubscription(tx, input.tenantId);
  const unchanged = {
    chargedCents: 0,
    creditedCents: 0,
    creditAppliedCents: 0,
    currency: to.currency,
    at: now,
  };

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
      ...unchanged,
      subscription,
      invoice,
      chargedCents: invoice?.totalCents ?? 0,
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
      ...unchanged,
      subscription: { ...live, cancelAtPeriodEnd: true },
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
  let credit = { appliedCents: 0, keptCents: 0 };
  if (net > 0) {
    invoice = await invoiceCharges(tx, {
      tenantId: input.tenantId,
      subscriptionId: live.id,
      currency: to.currency,
      lines,
      issuedAt: now,
    });
  } else if (net < 0) {
    credit = await grantCredit(tx, { tenantId: input.tenantId, creditCents: -net, at: now });
  }
  const changes = { planCode: to.code, seats, cancelAtPeriodEnd: false, updatedAt: now };
  await tx.update(subscriptions).set(changes).where(eq(subscriptions.id, live.id));
  const summary =
    net > 0
      ? `Now on ${to.name} × ${seats}; the rest of this period is invoiced, prorated.`
      : net < 0 && credit.keptCents === 0
        ? `Now on ${to.name} × ${seats}; the unused rest is taken off your open invoice.`
        : net < 0
          ? `Now on ${to.name} × ${seats}; the unused rest is credited to your next invoices.`
          : `Now on ${to.name} × ${seats}.`;
  return {
    subscription: { ...live, ...changes },
    invoice,
    chargedCents: invoice?.totalCents ?? 0,
    creditedCents: -Math.min(net, 0),
    creditAppliedCents: credit.appliedCents,
    currency: to.currency,
    at: now,
    summary,
  };
}

/** Carries a previewed change out of the transaction that is rolled back. */
class PreviewRollback extends Error {
  constructor(readonly change: PlanChange) {
    super('plan change preview');
  }
}

/**
 * What `changePlan` would do now, without doing it: the same code runs in a transaction that
 * is rolled back, so the preview cannot disagree with the change. Confirm it with `changePlan`
 * and `quote: { at: preview.at, chargedCents, creditedCents }`.
 */
export async function previewPlanChange(db: Database, input: PlanChangeInput): Promise<PlanChange> {
  try {
    await db.transaction(async (tx) => {
      throw new PreviewRollback(await applyPlanChange(tx, input));
    });
  } catch (error) {
    if (error instanceof PreviewRollback) return error.change;
    throw error;
  }
  throw new Error('a plan change preview must roll back');
}

/**
 * Moves a tenant to `planCode` × `seats`. From Free: a subscription starts and its first period
 * is invoiced. Between paid plans: the unused rest of the old price is credited and the rest of
 * the new one charged; a net charge is invoiced, a net credit first pays open invoices and is
 * kept for later ones otherwise. To Free: the subscription ends with its period.
 *
 * With `quote` (what a preview showed the person), the change is priced at the quote's moment
 * and refused unless it charges and credits exactly what was shown; a quote older than
 * QUOTE_TTL_MS is refused too.
 */
export function changePlan(
  db: Database,
  input: PlanChangeInput & {
    quote?: { at: Date; chargedCents: number; creditedCents: number };
    /**
     * Collects the invoice the change issues (a card charge) inside the change's transaction:
     * when it throws, nothing of the change stays.
     */
    collect?: (tx: Executor, invoice: InvoiceWithLines) => Promise<void>;
  },
): Promise<PlanChange> {
  const { quote, collect, ...change } = input;
  const now = input.now ?? new Date();
  if (quote) {
    const age = now.getTime() - quote.at.getTime();
    if (age > QUOTE_TTL_MS || age < -5_000) {
      return Promise.reject(
        new DbError('stale_quote', 'That price is no longer current; check the new one.'),
      );
    }
    change.now = quote.at;
  }
  return db.transaction(async (tx) => {
    const result = await applyPlanChange(tx, change);
    if (
      quote &&
      (result.chargedCents !== quote.chargedCents || result.creditedCents !== quote.creditedCents)
    ) {
      throw new DbError('stale_quote', 'The price changed since it was shown; check it again.');
    }
    if (result.invoice && collect) await collect(tx, result.invoice);
    return result;
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
