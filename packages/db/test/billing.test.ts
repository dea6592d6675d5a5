import { beforeAll, describe, expect, it } from 'vitest';
import type { Executor } from '../src/client.js';
import { isDbError } from '../src/errors.js';
import { FREE_PLAN, PLAN_CATALOGUE } from '../src/plan-catalogue.js';
import {
  assertInvoiceTotal,
  findInvoiceTotalMismatches,
} from '../src/queries/billing/invoice-lines.js';
import {
  addInvoiceLine,
  createInvoice,
  getInvoice,
  issueInvoice,
  listInvoices,
  voidInvoice,
} from '../src/queries/billing/invoices.js';
import { listPayments, recordPayment } from '../src/queries/billing/payments.js';
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
import { addMember } from '../src/queries/members.js';
import { createTenant } from '../src/queries/tenants.js';
import { makeUser } from './fixtures.js';
import { useTestDb } from './test-database.js';

const t = useTestDb();
const START = new Date('2030-01-01T00:00:00.000Z');
const END = new Date('2030-02-01T00:00:00.000Z');

beforeAll(async () => {
  await upsertPlans(t.db, PLAN_CATALOGUE);
});

async function tenantWithMember(db: Executor) {
  const owner = await makeUser(db);
  const member = await makeUser(db);
  const tenant = await createTenant(db, { name: 'Billed', kind: 'team', ownerUserId: owner.id });
  await addMember(db, {
    actorUserId: owner.id,
    tenantId: tenant.id,
    userId: member.id,
    role: 'member',
  });
  return { owner, member, tenant };
}

const is = (code: Parameters<typeof isDbError>[1]) => (error: unknown) => isDbError(error, code);

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

describe('invoices and payments', () => {
  const lines = [
    { description: 'Team plan, 3 seats', quantity: 3, unitAmountCents: 800 },
    { description: 'Setup', quantity: 1, unitAmountCents: 1500 },
  ];

  it('totals the lines, issues, takes partial payments and ends paid', async () => {
    const { owner, tenant } = await tenantWithMember(t.db);
    const draft = await createInvoice(t.db, { tenantId: tenant.id, currency: 'EUR', lines });
    expect(draft).toMatchObject({ status: 'draft', totalCents: 3900, issuedAt: null });
    expect(draft.number).toMatch(/^INV-\d{6}-[A-Z2-7]{8}$/);
    expect(draft.lines.map((l) => [l.position, l.amountCents])).toEqual([
      [1, 2400],
      [2, 1500],
    ]);
    const withLine = await addInvoiceLine(t.db, {
      invoiceId: draft.id,
      description: 'Extra seat',
      quantity: 1,
      unitAmountCents: 800,
    });
    expect(withLine.totalCents).toBe(4700);
    expect(withLine.lines).toHaveLength(3);
    expect(await listInvoices(t.db, { userId: owner.id, tenantId: tenant.id })).toEqual([]);

    const open = await issueInvoice(t.db, { invoiceId: draft.id, issuedAt: START, dueAt: END });
    expect(open).toMatchObject({ status: 'open', issuedAt: START, dueAt: END });
    await expect(
      addInvoiceLine(t.db, {
        invoiceId: draft.id,
        description: 'Late',
        quantity: 1,
        unitAmountCents: 1,
      }),
    ).rejects.toSatisfy(is('invoice_state'));

    const first = await recordPayment(t.db, {
      invoiceId: draft.id,
      amountCents: 4000,
      method: 'card',
    });
    expect(first.invoice.status).toBe('open');
    await expect(
      recordPayment(t.db, { invoiceId: draft.id, amountCents: 701, method: 'card' }),
    ).rejects.toSatisfy(is('payment_exceeds_balance'));
    const paidAt = new Date('2030-01-15T12:00:00.000Z');
    const second = await recordPayment(t.db, {
      invoiceId: draft.id,
      amountCents: 700,
      method: 'transfer',
      reference: 'ref-42',
      paidAt,
    });
    expect(second.invoice).toMatchObject({ status: 'paid', paidAt });
    expect(
      (await listPayments(t.db, { userId: owner.id, invoiceId: draft.id })).map(
        (p) => p.amountCents,
      ),
    ).toEqual([4000, 700]);
    await expect(
      recordPayment(t.db, { invoiceId: draft.id, amountCents: 1, method: 'card' }),
    ).rejects.toSatisfy(is('invoice_state'));
    await expect(voidInvoice(t.db, { invoiceId: draft.id })).rejects.toSatisfy(is('invoice_state'));
    expect(await listInvoices(t.db, { userId: owner.id, tenantId: tenant.id })).toHaveLength(1);
  });

  it('shows invoices to owners and admins of the tenant only', async () => {
    const { owner, member, tenant } = await tenantWithMember(t.db);
    const other = await tenantWithMember(t.db);
    const invoice = await createInvoice(t.db, { tenantId: tenant.id, currency: 'EUR', lines });
    expect((await getInvoice(t.db, { userId: owner.id, invoiceId: invoice.id })).id).toBe(
      invoice.id,
    );
    await expect(getInvoice(t.db, { userId: member.id, invoiceId: invoice.id })).rejects.toSatisfy(
      is('forbidden'),
    );
    await expect(
      getInvoice(t.db, { userId: other.owner.id, invoiceId: invoice.id }),
    ).rejects.toSatisfy(is('forbidden'));
    await expect(
      listInvoices(t.db, { userId: other.owner.id, tenantId: tenant.id }),
    ).rejects.toSatisfy(is('forbidden'));
    await expect(
      listPayments(t.db, { userId: member.id, invoiceId: invoice.id }),
    ).rejects.toSatisfy(is('forbidden'));
  });

  it('refuses to issue an empty draft and voids open invoices', async () => {
    const { tenant } = await tenantWithMember(t.db);
    const empty = await createInvoice(t.db, { tenantId: tenant.id, currency: 'EUR' });
    expect(empty.totalCents).toBe(0);
    await expect(issueInvoice(t.db, { invoiceId: empty.id, dueAt: END })).rejects.toSatisfy(
      is('invalid_input'),
    );
    const invoice = await createInvoice(t.db, { tenantId: tenant.id, currency: 'EUR', lines });
    await expect(voidInvoice(t.db, { invoiceId: invoice.id })).rejects.toSatisfy(
      is('invoice_state'),
    );
    await issueInvoice(t.db, { invoiceId: invoice.id, issuedAt: START, dueAt: END });
    const voided = await voidInvoice(t.db, { invoiceId: invoice.id });
    expect(voided.status).toBe('void');
    await expect(
      recordPayment(t.db, { invoiceId: invoice.id, amountCents: 100, method: 'card' }),
    ).rejects.toSatisfy(is('invoice_state'));
  });

  it('refuses bad currency, unknown tenants and a subscription of another tenant', async () => {
    const { tenant } = await tenantWithMember(t.db);
    const other = await tenantWithMember(t.db);
    const sub = await createSubscription(t.db, {
      tenantId: other.tenant.id,
      planCode: 'team',
      seats: 1,
      currentPeriodStart: START,
      currentPeriodEnd: END,
    });
    await expect(createInvoice(t.db, { tenantId: tenant.id, currency: 'euro' })).rejects.toSatisfy(
      is('invalid_input'),
    );
    await expect(
      createInvoice(t.db, { tenantId: 'ten_missing', currency: 'EUR' }),
    ).rejects.toSatisfy(is('not_found'));
    await expect(
      createInvoice(t.db, { tenantId: tenant.id, subscriptionId: sub.id, currency: 'EUR' }),
    ).rejects.toSatisfy(is('invalid_input'));
  });

  it('detects a total that no longer equals the sum of the lines and refuses to act on it', async () => {
    const { tenant } = await tenantWithMember(t.db);
    const invoice = await createInvoice(t.db, { tenantId: tenant.id, currency: 'EUR', lines });
    await assertInvoiceTotal(t.db, invoice.id);
    expect(await findInvoiceTotalMismatches(t.db)).not.toContain(invoice.id);
    await t.handle.pool.query('update invoices set total_cents = total_cents + 1 where id = ?', [
      invoice.id,
    ]);
    await expect(assertInvoiceTotal(t.db, invoice.id)).rejects.toThrow(
      `has a total of 3901 cents but its lines add up to 3900.`,
    );
    expect(await findInvoiceTotalMismatches(t.db)).toContain(invoice.id);
    await expect(issueInvoice(t.db, { invoiceId: invoice.id, dueAt: END })).rejects.toSatisfy(
      is('invoice_total_mismatch'),
    );
  });

  it('has the database refuse a line whose amount is not quantity times unit price', async () => {
    const { tenant } = await tenantWithMember(t.db);
    const invoice = await createInvoice(t.db, { tenantId: tenant.id, currency: 'EUR', lines });
    await expect(
      t.handle.pool.query('update invoice_lines set amount_cents = 1 where invoice_id = ?', [
        invoice.id,
      ]),
    ).rejects.toThrow(/invoice_lines_amount_product/);
  });
});
