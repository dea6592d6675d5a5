'use server';

import { amountFromCents, recordPayment, runBilling, setTenantTaxRate } from '@tagtime/db';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { routes } from '@/config/routes';
import { db } from '@/lib/db';
import { withStaff } from '@/lib/guards';
import { paymentSchema, taxRateSchema } from './schema';

export const runBillingAction = withStaff(
  'staff-admin',
  z.object({}),
  async (_input, { audit }) => {
    await audit('staff.billing_run');
    const lines: string[] = [];
    const report = await runBilling(db(), new Date(), (line) => lines.push(line));
    revalidatePath(routes.staffBilling);
    return `${lines.at(-1) ?? ''} (${report.invoicesIssued} invoices)`;
  },
);

export const recordPaymentAction = withStaff(
  'support',
  paymentSchema,
  async ({ invoiceId, tenantId, amount, reference }, { audit }) => {
    await audit('staff.record_payment', {
      tenantId,
      reason: `payment of ${amountFromCents(amount)} on ${invoiceId}`,
    });
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
);

export const setTaxRateAction = withStaff(
  'staff-admin',
  taxRateSchema,
  async ({ tenantId, percent }, { user, audit }) => {
    await audit('staff.set_tax_rate', { tenantId, reason: `tax rate ${percent}%` });
    await setTenantTaxRate(db(), {
      staffUserId: user.id,
      tenantId,
      basisPoints: Math.round(percent * 100),
    });
    revalidatePath(routes.staffBilling);
    return null;
  },
);
