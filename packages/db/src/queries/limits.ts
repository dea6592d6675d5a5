import { and, eq, inArray, max } from 'drizzle-orm';
import type { Executor } from '../client.js';
import { FREE_PLAN } from '../plan-catalogue.js';
import { plans, subscriptions } from '../schema/billing.js';
import { memberships } from '../schema/tenants.js';

/** Subscriptions that still grant their plan's limits. */
export const LIVE_SUBSCRIPTION_STATUSES = ['trialing', 'active', 'past_due'] as const;

/**
 * How many unrevoked devices a user may have: the most generous plan among the live
 * subscriptions of the tenants they belong to, else the free plan.
 */
export async function deviceLimitForUser(db: Executor, userId: string): Promise<number> {
  const [row] = await db
    .select({ limit: max(plans.maxDevices) })
    .from(memberships)
    .innerJoin(subscriptions, eq(subscriptions.tenantId, memberships.tenantId))
    .innerJoin(plans, eq(plans.code, subscriptions.planCode))
    .where(
      and(
        eq(memberships.userId, userId),
        inArray(subscriptions.status, [...LIVE_SUBSCRIPTION_STATUSES]),
      ),
    );
  if (row?.limit != null) return row.limit;
  const [free] = await db
    .select({ maxDevices: plans.maxDevices })
    .from(plans)
    .where(eq(plans.code, FREE_PLAN.code));
  return free?.maxDevices ?? FREE_PLAN.maxDevices;
}
