import { beforeAll, describe, expect, it } from 'vitest';
import { changePlan } from '../src/billing/plan-change.js';
import {
  advanceCollectionAttempts,
  claimPaymentEvent,
  endForNonPayment,
  findLiveSubscription,
  listUncollectedInvoices,
  recordInvoiceCollection,
  releasePaymentEvent,
  saveBillingCustomer,
  setBillingCard,
} from '../src/index.js';
import { PLAN_CATALOGUE } from '../src/plan-catalogue.js';
import { requireInvoice } from '../src/queries/billing/invoices.js';
import { upsertPlans } from '../src/queries/billing/plans.js';
import { acceptInvite, createInvite } from '../src/queries/invites.js';
import { createTenant } from '../src/queries/tenants.js';
import { is, makeUser } from './fixtures.js';
import { useTestDb } from './test-database.js';

const t = useTestDb();

beforeAll(async () => {
  await upsertPlans(t.db, PLAN_CATALOGUE);
});

async function teamOnSeats(seats: number) {
  const owner = await makeUser(t.db);
  const tenant = await createTenant(t.db, { name: 'Seats', kind: 'team', ownerUserId: owner.id });
  const change = await changePlan(t.db, {
    actorUserId: owner.id,
    tenantId: tenant.id,
    planCode: 'team',
    seats,
  });
  return { owner, tenantId: tenant.id, change };
}

describe('seats', () => {
  it('an invitation past the seats is refused with the reason; pending invitations hold a seat', async () => {
    const { owner, tenantId } = await teamOnSeats(2);
    const first = await makeUser(t.db);
    await createInvite(t.db, {
      actorUserId: owner.id,
      tenantId,
      email: first.email,
      role: 'member',
    });
    // Inviting the same person again replaces the invitation: still one seat.
    await createInvite(t.db, {
      actorUserId: owner.id,
      tenantId,
      email: first.email,
      role: 'member',
    });
    await expect(
      createInvite(t.db, {
        actorUserId: owner.id,
        tenantId,
        email: 'third@example.test',
        role: 'member',
      }),
    ).rejects.toThrow(
      'All 2 seats are taken (1 member, 1 pending invitation). Add a seat to invite someone else.',
    );
  });

  it('joining is refused once the seats were lowered meanwhile, and a downgrade names who must leave', async () => {
    const { owner, tenantId } = await teamOnSeats(3);
    const guest = await makeUser(t.db, { name: 'Guest One' });
    const late = await makeUser(t.db, { name: 'Late Two' });
    const a = await createInvite(t.db, {
      actorUserId: owner.id,
      tenantId,
      email: guest.email,
      role: 'member',
    });
    const b = await createInvite(t.db, {
      actorUserId: owner.id,
      tenantId,
      email: late.email,
      role: 'member',
    });
    await acceptInvite(t.db, { token: a.token, userId: guest.id });
    await changePlan(t.db, { actorUserId: owner.id, tenantId, planCode: 'team', seats: 2 });
    await expect(acceptInvite(t.db, { token: b.token, userId: late.id })).rejects.toSatisfy(
      is('seats_full'),
    );
    await expect(
      changePlan(t.db, { actorUserId: owner.id, tenantId, planCode: 'team', seats: 1 }),
    ).rejects.toThrow(
      `2 members need 2 seats; for 1, one member must leave first: Guest One <${guest.email}>.`,
    );
    expect((await findLiveSubscription(t.db, tenantId))?.seats).toBe(2);
  });

  it('a plan change whose collection fails leaves nothing behind', async () => {
    const owner = await makeUser(t.db);
    const tenant = await createTenant(t.db, {
      name: 'Declined',
      kind: 'team',
      ownerUserId: owner.id,
    });
    await expect(
      changePlan(t.db, {
        actorUserId: owner.id,
        tenantId: tenant.id,
        planCode: 'team',
        seats: 1,
        collect: async () => {
          throw new Error('card declined');
        },
      }),
    ).rejects.toThrow('card declined');
    expect(await findLiveSubscription(t.db, tenant.id)).toBeUndefined();
  });
});

describe('card collection', () => {
  it('claims a webhook event once; a released claim can be claimed again', async () => {
    const event = { id: `evt_${Math.random()}`, type: 'invoice.paid', occurredAt: new Date() };
    expect(await claimPaymentEvent(t.db, event)).toBe(true);
    expect(await claimPaymentEvent(t.db, event)).toBe(false);
    await releasePaymentEvent(t.db, event.id);
    expect(await claimPaymentEvent(t.db, event)).toBe(true);
  });

  it('acts on each failed attempt once, and ends the plan when dunning gives up', async () => {
    const { tenantId, change } = await teamOnSeats(1);
    const invoiceId = change.invoice?.id ?? '';
    await saveBillingCustomer(t.db, { tenantId, stripeCustomerId: `cus_${tenantId}` });
    const card = { tenantId, paymentMethodId: 'pm_1', brand: 'visa', last4: '0341' };
    expect(await setBillingCard(t.db, card)).toBe(true);
    expect(await setBillingCard(t.db, card)).toBe(false);
    expect((await listUncollectedInvoices(t.db)).map((row) => row.id)).toContain(invoiceId);
    await recordInvoiceCollection(t.db, { invoiceId, stripeInvoiceId: `in_${invoiceId}` });
    expect((await listUncollectedInvoices(t.db)).map((row) => row.id)).not.toContain(invoiceId);
    const attempt = {
      stripeInvoiceId: `in_${invoiceId}`,
      attempts: 1,
      nextAttemptAt: new Date(),
      lastError: 'declined',
    };
    expect(await advanceCollectionAttempts(t.db, attempt)).toBe(true);
    expect(await advanceCollectionAttempts(t.db, attempt)).toBe(false);
    await t.db.transaction((tx) => endForNonPayment(tx, { invoiceId, at: new Date() }));
    expect((await requireInvoice(t.db, invoiceId)).status).toBe('void');
    expect(await findLiveSubscription(t.db, tenantId)).toBeUndefined();
    expect(
      await t.db.transaction((tx) => endForNonPayment(tx, { invoiceId, at: new Date() })),
    ).toBeUndefined();
  });
});
