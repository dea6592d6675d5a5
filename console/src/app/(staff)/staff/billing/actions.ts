'use server';

import { amountFromCents, recordPayment, runBilling, setTenantTaxRate } from '@tagtime/db';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { routes } from '@/config/routes';
import { db } from '@/lib/db';
import { withStaff } from '@/lib/guards/action-guards';
import { paymentSchema, taxRateSchema } from './schema';

export const runBillingAction = withStaff(
  'staff-admin',
  z.object({}),
  async () => {
    const lines: string[] = [];
    const report = await runBilling(db(), new Date(), (line) => lines.push(line));
    revalidatePath(routes.staffBilling);
    return `${lines.at(-1) ?? ''} (${report.invoicesIssued} invoices)`;
  },
  { audit: 'staff.billing_run' },
);

export const recordPaymentAction = withStaff(
  'support',
  paymentSchema,
  async ({ invoiceId, tenantId, amount, reference }, { audit }) => {
    audit({ tenantId, reason: `payment of ${amountFromCents(amount)} on ${invoiceId}` });
    await recordPayment(db(), {
      invoiceId,
      amountCents: amount,
      method: 'bank-transfer',
      reference: reference || null,
    });
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
