'use server';

import {
  amountFromCents,
  findCollection,
  recordPayment,
  runBilling,
  setTenantTaxRate,
} from '@tagtime/db';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { routes } from '@/config/routes';
import { collectPendingInvoices } from '@/lib/billing/collect';
import { stripe, stripeSettings } from '@/lib/billing/stripe-client';
import { db } from '@/lib/db';
import { withStaff } from '@/lib/guards/action-guards';
import { paymentSchema, taxRateSchema } from './schema';

export const runBillingAction = withStaff(
  'staff-admin',
  z.object({}),
  async () => {
    const lines: string[] = [];
    const report = await runBilling(db(), new Date(), (line) => lines.push(line));
    // Renewals are charged to the tenants' cards (Stripe retries declines on its schedule).
    const cards = stripeSettings() ? await collectPendingInvoices() : { paid: 0, failed: 0 };
    revalidatePath(routes.staffBilling);
    return `${lines.at(-1) ?? ''} (${report.invoicesIssued} invoices; by card ${cards.paid} paid, ${cards.failed} declined)`;
  },
  { audit: 'staff.billing_run' },
);

export const recordPaymentAction = withStaff(
  'support',
  paymentSchema,
  async ({ invoiceId, tenantId, amount, reference }, { audit }) => {
    audit({ tenantId, reason: `payment of ${amountFromCents(amount)} on ${invoiceId}` });
    const { invoice } = await recordPayment(db(), {
      invoiceId,
      amountCents: amount,
      method: 'bank-transfer',
      reference: reference || null,
    });
    // Paid by transfer: Stripe must stop retrying the card for it.
    const collection = await findCollection(db(), invoiceId);
    if (invoice.status === 'paid' && collection) {
      await stripe().invoices.pay(collection.stripeInvoiceId, { paid_out_of_band: true });
    }
    // A paid invoice may lift past_due; the run settles statuses and nothing else is due now.
    await runBilling(db());
    revalidatePath(routes.staffBilling);
    return null;
  },
  { audit: 'staff.record_payment' },
);

export const setTaxRateAction = withStaff(
  'staff-admin',
  taxRateSchema,
  async ({ tenantId, percent }, { user, audit }) => {
    audit({ tenantId, reason: `tax rate ${percent}%` });
    await setTenantTaxRate(db(), {
      staffUserId: user.id,
      tenantId,
      basisPoints: Math.round(percent * 100),
    });
    revalidatePath(routes.staffBilling);
    return null;
  },
  { audit: 'staff.set_tax_rate' },
);
