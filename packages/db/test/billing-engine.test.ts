import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { runBilling } from '../src/billing/billing-run.js';
import { changePlan, previewPlanChange, setCancelAtPeriodEnd } from '../src/billing/plan-change.js';
import { PLAN_CATALOGUE } from '../src/plan-catalogue.js';
import { getInvoice, listInvoices, requireInvoice } from '../src/queries/billing/invoices.js';
import { listPayments, recordPayment } from '../src/queries/billing/payments.js';
import { upsertPlans } from '../src/queries/billing/plans.js';
import { findLiveSubscription } from '../src/queries/billing/subscriptions.js';
import { createTenant } from '../src/queries/tenants.js';
import { createUser } from '../src/queries/users.js';
import * as schema from '../src/schema/index.js';
import { addAs, is } from './fixtures.js';
import { useTestDb } from './test-database.js';

const database = useTestDb();
beforeAll(async () => {
  await upsertPlans(database.db, PLAN_CATALOGUE);
});
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
    const up = await changePlan(database.db, {
      actorUserId: owner.id,
      tenantId: tenant.id,
      planCode: 'team',
      seats: 5,
      now: at('2026-06-01T00:00:00'),
    });
    // Paid, so nothing is open that the credit would pay first (see the next describe).
    await recordPayment(database.db, {
      invoiceId: up.invoice?.id ?? '',
      amountCents: up.chargedCents,
      method: 'bank-transfer',
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
    await addAs(database.db, owner, tenant, member, 'member');
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

describe('confirming a previewed price', () => {
  it('previews exactly what the change then does, and the preview writes nothing', async () => {
    const { owner, tenant } = await tenantWithOwner();
    const input = {
      actorUserId: owner.id,
      tenantId: tenant.id,
      planCode: 'team',
      seats: 2,
      now: at('2026-09-10T00:00:00'),
    };
    const preview = await previewPlanChange(database.db, input);
    expect(preview.chargedCents).toBe(1600);
    expect(preview.invoice?.lines.map((line) => line.description)).toEqual(['Team × 2 seats']);
    expect(await findLiveSubscription(database.db, tenant.id)).toBeUndefined();
    expect(await listInvoices(database.db, { userId: owner.id, tenantId: tenant.id })).toEqual([]);

    const quote = {
      at: preview.at,
      chargedCents: preview.chargedCents,
      creditedCents: preview.creditedCents,
    };
    const change = await changePlan(database.db, {
      ...input,
      now: at('2026-09-10T00:04:00'),
      quote,
    });
    expect(change.chargedCents).toBe(preview.chargedCents);
    expect(change.invoice?.issuedAt?.toISOString()).toBe('2026-09-10T00:00:00.000Z');
  });

  it('refuses a quote that is too old or no longer matches, and changes nothing', async () => {
    const { owner, tenant } = await tenantWithOwner();
    const input = {
      actorUserId: owner.id,
      tenantId: tenant.id,
      planCode: 'personal',
      seats: 1,
      now: at('2026-09-10T00:00:00'),
    };
    const preview = await previewPlanChange(database.db, input);
    const quote = { at: preview.at, chargedCents: preview.chargedCents, creditedCents: 0 };
    await expect(
      changePlan(database.db, { ...input, now: at('2026-09-10T00:11:00'), quote }),
    ).rejects.toSatisfy(is('stale_quote'));
    await expect(
      changePlan(database.db, { ...input, quote: { ...quote, chargedCents: 1 } }),
    ).rejects.toSatisfy(is('stale_quote'));
    expect(await findLiveSubscription(database.db, tenant.id)).toBeUndefined();
    expect(await listInvoices(database.db, { userId: owner.id, tenantId: tenant.id })).toEqual([]);
  });

  it('takes the credit of a downgrade right after an upgrade off the unpaid upgrade invoice', async () => {
    const { owner, tenant } = await tenantWithOwner();
    const up = await changePlan(database.db, {
      actorUserId: owner.id,
      tenantId: tenant.id,
      planCode: 'team',
      seats: 3,
      now: at('2026-10-01T00:00:00'),
    });
    const down = await changePlan(database.db, {
      actorUserId: owner.id,
      tenantId: tenant.id,
      planCode: 'personal',
      seats: 1,
      now: at('2026-10-01T00:00:00'),
    });
    // All of October left: credit 2400 for Team × 3, charge 400 for Personal, net credit 2000.
    expect(down.creditedCents).toBe(2000);
    expect(down.creditAppliedCents).toBe(2000);
    expect(down.invoice).toBeUndefined();
    expect(down.summary).toMatch(/taken off your open invoice/);
    // One invoice that still asks for the Personal month, and no credit beside it.
    const invoices = await listInvoices(database.db, { userId: owner.id, tenantId: tenant.id });
    expect(invoices.map((invoice) => invoice.id)).toEqual([up.invoice?.id]);
    const payments = await listPayments(database.db, {
      userId: owner.id,
      invoiceId: up.invoice?.id ?? '',
    });
    expect(payments.map((p) => [p.method, p.amountCents])).toEqual([['account-credit', 2000]]);
    expect(
      (await getInvoice(database.db, { userId: owner.id, invoiceId: up.invoice?.id ?? '' })).status,
    ).toBe('open');
    expect((await tenantRow(tenant.id))?.creditCents).toBe(0);
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
