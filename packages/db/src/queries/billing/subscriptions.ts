import { and, desc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../../client.js';
import { DbError } from '../../errors.js';
import { newId } from '../../ids.js';
import {
  type SubscriptionStatus,
  subscriptionStatusValues,
  subscriptions,
} from '../../schema/billing.js';
import { tenants } from '../../schema/tenants.js';
import { parseInput } from '../../validation.js';
import { LIVE_SUBSCRIPTION_STATUSES } from '../limits.js';
import { MANAGER_ROLES, requireTenantRole } from '../tenants.js';
import { requirePlan } from './plans.js';

export type Subscription = typeof subscriptions.$inferSelect;

const subscriptionInput = z
  .object({
    tenantId: z.string().min(1),
    planCode: z.string().min(1),
    seats: z.number().int().min(1).max(100_000),
    status: z.enum(subscriptionStatusValues).default('active'),
    currentPeriodStart: z.date(),
    currentPeriodEnd: z.date(),
  })
  .refine((s) => s.currentPeriodEnd > s.currentPeriodStart, {
    message: 'must be after currentPeriodStart',
    path: ['currentPeriodEnd'],
  });

/** The tenant's live (not canceled) subscription, if any. */
export async function findLiveSubscription(
  db: Executor,
  tenantId: string,
): Promise<Subscription | undefined> {
  const [subscription] = await db
    .select()
    .from(subscriptions)
    .where(
      and(
        eq(subscriptions.tenantId, tenantId),
        inArray(subscriptions.status, [...LIVE_SUBSCRIPTION_STATUSES]),
      ),
    )
    .orderBy(desc(subscriptions.createdAt))
    .limit(1);
  return subscription;
}

/**
 * Starts a subscription (billing jobs and staff; no member check). A tenant has at most one live
 * subscription: `subscription_exists` otherwise.
 */
export async function createSubscription(
  db: Executor,
  input: z.input<typeof subscriptionInput>,
): Promise<Subscription> {
  const parsed = parseInput(subscriptionInput, input);
  return db.transaction(async (tx) => {
    const [tenant] = await tx
      .select({ id: tenants.id })
      .from(tenants)
      .where(eq(tenants.id, parsed.tenantId))
      .for('update');
    if (!tenant) throw new DbError('not_found', `No tenant has the id ${parsed.tenantId}.`);
    await requirePlan(tx, parsed.planCode);
    if (parsed.status !== 'canceled' && (await findLiveSubscription(tx, parsed.tenantId))) {
      throw new DbError(
        'subscription_exists',
        `Tenant ${parsed.tenantId} already has a live subscription; change or cancel it instead.`,
      );
    }
    const now = new Date();
    const subscription: Subscription = {
      id: newId('sub'),
      ...parsed,
      canceledAt: parsed.status === 'canceled' ? now : null,
      cancelAtPeriodEnd: false,
      billingAnchorAt: parsed.currentPeriodStart,
      createdAt: now,
      updatedAt: now,
    };
    await tx.insert(subscriptions).values(subscription);
    return subscription;
  });
}

/** The tenant's live subscription, for any of its members. */
export async function getTenantSubscription(
  db: Executor,
  input: { userId: string; tenantId: string },
): Promise<Subscription | undefined> {
  await requireTenantRole(db, input);
  return findLiveSubscription(db, input.tenantId);
}

async function requireLive(db: Executor, tenantId: string): Promise<Subscription> {
  const subscription = await findLiveSubscription(db, tenantId);
  if (!subscription) {
    throw new DbError('not_found', `Tenant ${tenantId} has no live subscription.`);
  }
  return subscription;
}

/** Changes plan and/or seats of the live subscription; owners and admins only. */
export async function changeSubscription(
  db: Executor,
  input: { actorUserId: string; tenantId: string; planCode?: string; seats?: number },
): Promise<Subscription> {
  await requireTenantRole(db, {
    tenantId: input.tenantId,
    userId: input.actorUserId,
    roles: MANAGER_ROLES,
  });
  const seats =
    input.seats === undefined ? undefined : parseInput(z.number().int().min(1), input.seats);
  if (input.planCode !== undefined) await requirePlan(db, input.planCode);
  const current = await requireLive(db, input.tenantId);
  const changes = {
    planCode: input.planCode ?? current.planCode,
    seats: seats ?? current.seats,
    updatedAt: new Date(),
  };
  await db.update(subscriptions).set(changes).where(eq(subscriptions.id, current.id));
  return { ...current, ...changes };
}

/** Cancels the live subscription; owners only. */
export async function cancelSubscription(
  db: Executor,
  input: { actorUserId: string; tenantId: string; at?: Date },
): Promise<Subscription> {
  await requireTenantRole(db, {
    tenantId: input.tenantId,
    userId: input.actorUserId,
    roles: ['owner'],
  });
  const current = await requireLive(db, input.tenantId);
  return setSubscriptionStatus(db, {
    subscriptionId: current.id,
    status: 'canceled',
    at: input.at,
  });
}

/** Moves a subscription to another status (billing jobs: payment failed, trial ended…). */
export async function setSubscriptionStatus(
  db: Executor,
  input: { subscriptionId: string; status: SubscriptionStatus; at?: Date | undefined },
): Promise<Subscription> {
  const [current] = await db
    .select()
    .from(subscriptions)
    .where(eq(subscriptions.id, input.subscriptionId));
  if (!current)
    throw new DbError('not_found', `No subscription has the id ${input.subscriptionId}.`);
  if (current.status === 'canceled') {
    throw new DbError('invalid_input', `Subscription ${current.id} is canceled and stays so.`);
  }
  const at = input.at ?? new Date();
  const changes = {
    status: input.status,
    canceledAt: input.status === 'canceled' ? at : null,
    updatedAt: at,
  };
  await db.update(subscriptions).set(changes).where(eq(subscriptions.id, current.id));
  return { ...current, ...changes };
}
