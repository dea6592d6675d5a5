import { beforeAll, describe, expect, it } from 'vitest';
import { FREE_PLAN, PLAN_CATALOGUE } from '../src/plan-catalogue.js';
import { getPlan, listPlans, upsertPlans } from '../src/queries/billing/plans.js';
import {
  cancelSubscription,
  changeSubscription,
  createSubscription,
  getTenantSubscription,
  setSubscriptionStatus,
} from '../src/queries/billing/subscriptions.js';
import { createDevice } from '../src/queries/devices.js';
import { deviceLimitForUser } from '../src/queries/limits.js';
import { is, tenantWithMember } from './fixtures.js';
import { useTestDb } from './test-database.js';

const t = useTestDb();
const START = new Date('2030-01-01T00:00:00.000Z');
const END = new Date('2030-02-01T00:00:00.000Z');

beforeAll(async () => {
  await upsertPlans(t.db, PLAN_CATALOGUE);
});

describe('plans', () => {
  it('writes the catalogue idempotently and lists it cheapest first', async () => {
    await upsertPlans(t.db, PLAN_CATALOGUE);
    const catalogue = PLAN_CATALOGUE.map((p) => p.code);
    const plans = (await listPlans(t.db)).filter((p) => catalogue.includes(p.code));
    expect(plans.map((p) => p.code)).toEqual(['free', 'personal', 'team']);
    expect(await getPlan(t.db, 'free')).toMatchObject({ pricePerSeatCents: 0, maxDevices: 2 });
    expect(await getPlan(t.db, 'gold')).toBeUndefined();
  });

  it('updates a changed plan in place', async () => {
    // A plan of its own: the catalogue plans are shared with the other test files.
    const plan = { ...FREE_PLAN, code: `test_${Date.now().toString(36)}`, name: 'Before' };
    await upsertPlans(t.db, [plan]);
    await upsertPlans(t.db, [{ ...plan, name: 'After', maxDevices: 7 }]);
    expect(await getPlan(t.db, plan.code)).toMatchObject({ name: 'After', maxDevices: 7 });
  });

  it('refuses a negative price through the database CHECK', async () => {
    await expect(
      upsertPlans(t.db, [{ ...FREE_PLAN, code: 'broken', pricePerSeatCents: -1 }]),
    ).rejects.toSatisfy((error) =>
      /CONSTRAINT `plans_price_nonnegative` failed/.test(String((error as Error).cause)),
    );
  });
});

describe('subscriptions', () => {
  it('creates one live subscription per tenant, visible to members only', async () => {
    const { owner, member, tenant } = await tenantWithMember(t.db);
    const outsider = await tenantWithMember(t.db);
    const sub = await createSubscription(t.db, {
      tenantId: tenant.id,
      planCode: 'team',
      seats: 3,
      currentPeriodStart: START,
      currentPeriodEnd: END,
    });
    expect(sub).toMatchObject({ status: 'active', seats: 3, planCode: 'team' });
    expect(await getTenantSubscription(t.db, { userId: member.id, tenantId: tenant.id })).toEqual(
      sub,
    );
    await expect(
      getTenantSubscription(t.db, { userId: outsider.member.id, tenantId: tenant.id }),
    ).rejects.toSatisfy(is('forbidden'));
    await expect(
      createSubscription(t.db, {
        tenantId: tenant.id,
        planCode: 'personal',
        seats: 1,
        currentPeriodStart: START,
        currentPeriodEnd: END,
      }),
    ).rejects.toSatisfy(is('subscription_exists'));
    expect(owner.id).toBeTruthy();
  });

  it('refuses unknown plans, zero seats and a period that ends before it starts', async () => {
    const { tenant } = await tenantWithMember(t.db);
    const base = {
      tenantId: tenant.id,
      planCode: 'team',
      seats: 1,
      currentPeriodStart: START,
      currentPeriodEnd: END,
    };
    await expect(createSubscription(t.db, { ...base, planCode: 'gold' })).rejects.toSatisfy(
      is('invalid_input'),
    );
    await expect(createSubscription(t.db, { ...base, seats: 0 })).rejects.toSatisfy(
      is('invalid_input'),
    );
    await expect(createSubscription(t.db, { ...base, currentPeriodEnd: START })).rejects.toThrow(
      'Invalid currentPeriodEnd: must be after currentPeriodStart.',
    );
    await expect(createSubscription(t.db, { ...base, tenantId: 'ten_missing' })).rejects.toSatisfy(
      is('not_found'),
    );
  });

  it('lets managers change the plan, owners cancel, and raises the device limit while live', async () => {
    const { owner, member, tenant } = await tenantWithMember(t.db);
    expect(await deviceLimitForUser(t.db, member.id)).toBe(FREE_PLAN.maxDevices);
    await createSubscription(t.db, {
      tenantId: tenant.id,
      planCode: 'personal',
      seats: 1,
      status: 'trialing',
      currentPeriodStart: START,
      currentPeriodEnd: END,
    });
    expect(await deviceLimitForUser(t.db, member.id)).toBe(10);
    for (let i = 0; i < 3; i += 1) {
      await createDevice(t.db, { userId: member.id, name: `D${i}`, kind: 'web' });
    }
    await expect(
      changeSubscription(t.db, { actorUserId: member.id, tenantId: tenant.id, seats: 9 }),
    ).rejects.toSatisfy(is('forbidden'));
    const changed = await changeSubscription(t.db, {
      actorUserId: owner.id,
      tenantId: tenant.id,
      planCode: 'team',
      seats: 5,
    });
    expect(changed).toMatchObject({ planCode: 'team', seats: 5, status: 'trialing' });
    expect(
      (await setSubscriptionStatus(t.db, { subscriptionId: changed.id, status: 'past_due' }))
        .status,
    ).toBe('past_due');
    expect(await deviceLimitForUser(t.db, member.id)).toBe(10);
    const canceled = await cancelSubscription(t.db, { actorUserId: owner.id, tenantId: tenant.id });
    expect(canceled.status).toBe('canceled');
    expect(canceled.canceledAt).toBeInstanceOf(Date);
    expect(
      await getTenantSubscription(t.db, { userId: owner.id, tenantId: tenant.id }),
    ).toBeUndefined();
    expect(await deviceLimitForUser(t.db, member.id)).toBe(FREE_PLAN.maxDevices);
    await expect(
      createDevice(t.db, { userId: member.id, name: 'Over', kind: 'web' }),
    ).rejects.toSatisfy(is('device_limit'));
    await expect(
      setSubscriptionStatus(t.db, { subscriptionId: changed.id, status: 'active' }),
    ).rejects.toSatisfy(is('invalid_input'));
  });
});
