import { beforeAll, describe, expect, it } from 'vitest';
import { PLAN_CATALOGUE } from '../src/plan-catalogue.js';
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
import { upsertPlans } from '../src/queries/billing/plans.js';
import { createSubscription } from '../src/queries/billing/subscriptions.js';
import { is, tenantWithMember } from './fixtures.js';
import { useTestDb } from './test-database.js';

const t = useTestDb();
const START = new Date('2030-01-01T00:00:00.000Z');
const END = new Date('2030-02-01T00:00:00.000Z');

beforeAll(async () => {
  await upsertPlans(t.db, PLAN_CATALOGUE);
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
