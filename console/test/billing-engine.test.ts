import {
  addMember,
  createTenant,
  createUser,
  findLiveSubscription,
  listInvoices,
  recordPayment,
  requireInvoice,
  schema,
} from '@tagtime/db';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { changePlan, runBilling, setCancelAtPeriodEnd } from '../src/lib/billing/engine';
import { freshDatabase } from './database';

const database = freshDatabase();
const at = (iso: string) => new Date(`${iso}Z`);
let counter = 0;

async function tenantWithOwner() {
  counter += 1;
  const owner = await createUser(database.db, {
    email: `owner-${counter}-${Date.now()}@billing.test`,
    password: 'long-enough-password',
    name: 'Owner',
  });
  const tenant = await createTenant(database.db, {
    name: `Billing ${counter}`,
    kind: 'team',
    ownerUserId: owner.id,
  });
  return { owner, tenant };
}

async function tenantRow(tenantId: string) {
  const [row] = await database.db
    .select()
    .from(schema.tenants)
    .where(eq(schema.tenants.id, tenantId));
  return row;
}

describe('changing plans', () => {
  it('starts a subscription from Free and invoices the first month (anchored on the 31st)', async () => {
    const { owner, tenant } = await tenantWithOwner();
    const change = await changePlan(database.db, {
      actorUserId: owner.id,
      tenantId: tenant.id,
      planCode: 'team',
      seats: 3,
      now: at('2028-01-31T10:00:00'),
    });
    expect(change.subscription?.currentPeriodEnd.toISOString()).toBe('2028-02-29T10:00:00.000Z');
    expect(change.invoice?.totalCents).toBe(2400);
    expect(change.invoice?.status).toBe('open');
    expect(change.invoice?.lines.map((line) => line.description)).toEqual(['Team × 3 seats']);
  });

  it('prorates an upgrade mid-period, with the tenant’s tax as its own line', async () => {
    const { owner, tenant } = await tenantWithOwner();
    await database.db
      .update(schema.tenants)
      .set({ taxRateBasisPoints: 1900 })
      .where(eq(schema.tenants.id, tenant.id));
    await changePlan(database.db, {
      actorUserId: owner.id,
      tenantId: tenant.id,
      planCode: 'team',
      seats: 3,
      now: at('2026-04-01T00:00:00'),
    });
    const change = await changePlan(database.db, {
      actorUserId: owner.id,
      tenantId: tenant.id,
      planCode: 'team',
      seats: 5,
      now: at('2026-04-16T00:00:00'),
    });
    // Half of April is left: credit 1200 for 3 seats, charge 2000 for 5, net 800, tax 152.
    expect(change.invoice?.lines.map((line) => line.amountCents)).toEqual([-1200, 2000, 152]);
    expect(change.invoice?.totalCents).toBe(952);
    expect((await findLiveSubscription(database.db, tenant.id))?.seats).toBe(5);
  });

  it('credits a downgrade and takes the credit off the next invoice', async () => {
    const { owner, tenant } = await tenantWithOwner();
    await changePlan(database.db, {
      actorUserId: owner.id,
      tenantId: tenant.id,
      planCode: 'team',
      seats: 5,
      now: at('2026-06-01T00:00:00'),
    });
    const down = await changePlan(database.db, {
      actorUserId: owner.id,
      tenantId: tenant.id,
      planCode: 'personal',
      seats: 1,
      now: at('2026-06-16T00:00:00'),
    });
    // 15 of 30 days left: credit 2000, charge 200, net credit 1800.
    expect(down.invoice).toBeUndefined();
    expect(down.creditedCents).toBe(1800);
    expect((await tenantRow(tenant.id))?.creditCents).toBe(1800);

    await runBilling(database.db, at('2026-07-01T00:00:00'));
    const invoices = await listInvoices(database.db, { userId: owner.id, tenantId: tenant.id });
    const renewal = await requireInvoice(database.db, invoices[0]?.id ?? '');
    // Personal is 400 and the credit covers it: 1400 stays, and no invoice is issued, so the
    // newest invoice is still the first one.
    expect(invoices).toHaveLength(1);
    expect(renewal.lines.map((line) => line.description)).toEqual(['Team × 5 seats']);
    expect((await tenantRow(tenant.id))?.creditCents).toBe(1400);
  });

  it('refuses a member, a plan that does not exist and a bad seat count', async () => {
    const { owner, tenant } = await tenantWithOwner();
    const member = await createUser(database.db, {
      email: `m-${Date.now()}@billing.test`,
      password: 'long-enough-password',
      name: 'M',
    });
    await addMember(database.db, {
      actorUserId: owner.id,
      tenantId: tenant.id,
      userId: member.id,
      role: 'member',
    });
    await expect(
      changePlan(database.db, {
        actorUserId: member.id,
        tenantId: tenant.id,
        planCode: 'team',
        seats: 1,
      }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      changePlan(database.db, {
        actorUserId: owner.id,
        tenantId: tenant.id,
        planCode: 'gold',
        seats: 1,
      }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(
      changePlan(database.db, {
        actorUserId: owner.id,
        tenantId: tenant.id,
        planCode: 'team',
        seats: 0,
      }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    expect(await findLiveSubscription(database.db, tenant.id)).toBeUndefined();
  });
});

describe('the billing run', () => {
  it('renews due periods (catching up), marks overdue subscriptions past due, and reactivates on payment', async () => {
    const { owner, tenant } = await tenantWithOwner();
    const first = await changePlan(database.db, {
      actorUserId: owner.id,
      tenantId: tenant.id,
      planCode: 'personal',
      seats: 1,
      now: at('2026-01-31T00:00:00'),
    });
    const report = await runBilling(database.db, at('2026-04-05T00:00:00'));
    // Two periods passed: from Feb 28 (Jan 31 clamped) and from Mar 31 (back on the 31st).
    expect(report.invoicesIssued).toBe(2);
    const sub = await findLiveSubscription(database.db, tenant.id);
    expect(sub?.currentPeriodStart.toISOString()).toBe('2026-03-31T00:00:00.000Z');
    expect(sub?.currentPeriodEnd.toISOString()).toBe('2026-04-30T00:00:00.000Z');
    expect(sub?.status).toBe('past_due');
    // Running again changes nothing.
    const again = await runBilling(database.db, at('2026-04-05T00:00:00'));
    expect(again.invoicesIssued).toBe(0);

    const open = (
      await listInvoices(database.db, { userId: owner.id, tenantId: tenant.id })
    ).filter((i) => i.status === 'open');
    expect(open.map((i) => i.issuedAt?.toISOString()).sort()).toEqual([
      '2026-01-31T00:00:00.000Z',
      '2026-02-28T00:00:00.000Z',
      '2026-03-31T00:00:00.000Z',
    ]);
    for (const invoice of open) {
      await recordPayment(database.db, {
        invoiceId: invoice.id,
        amountCents: invoice.totalCents,
        method: 'bank-transfer',
      });
    }
    const paid = await runBilling(database.db, at('2026-04-06T00:00:00'));
    expect(paid.reactivated).toBe(1);
    expect((await findLiveSubscription(database.db, tenant.id))?.status).toBe('active');
    expect(first.invoice?.totalCents).toBe(400);
  });

  it('ends a subscription canceled at period end, and resume undoes the cancel before then', async () => {
    const { owner, tenant } = await tenantWithOwner();
    await changePlan(database.db, {
      actorUserId: owner.id,
      tenantId: tenant.id,
      planCode: 'personal',
      seats: 1,
      now: at('2026-05-10T00:00:00'),
    });
    await setCancelAtPeriodEnd(database.db, {
      actorUserId: owner.id,
      tenantId: tenant.id,
      cancel: true,
    });
    await setCancelAtPeriodEnd(database.db, {
      actorUserId: owner.id,
      tenantId: tenant.id,
      cancel: false,
    });
    await runBilling(database.db, at('2026-06-11T00:00:00'));
    expect((await findLiveSubscription(database.db, tenant.id))?.planCode).toBe('personal');

    await setCancelAtPeriodEnd(database.db, {
      actorUserId: owner.id,
      tenantId: tenant.id,
      cancel: true,
    });
    const report = await runBilling(database.db, at('2026-07-11T00:00:00'));
    expect(report.canceled).toBe(1);
    expect(await findLiveSubscription(database.db, tenant.id)).toBeUndefined();
  });
});
