'use server';

import { DbError, recordPayment, schema } from '@tagtime/db';
import { eq } from 'drizzle-orm';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { currentUser } from '@/auth';
import { runBilling } from '@/lib/billing/engine';
import { db } from '@/lib/db';
import type { ActionResult } from '@/lib/guards';
import { auditStaff, staffRoleFor } from '@/lib/staff';

/** Like withUser, for staff: the role is checked on the server and the action audited first. */
async function asStaff<T>(
  role: 'support' | 'staff-admin',
  action: string,
  run: (
    audit: (subject?: { tenantId?: string; reason?: string }) => Promise<unknown>,
  ) => Promise<T>,
): Promise<ActionResult<T>> {
  const user = await currentUser();
  const actingAs = user && (await staffRoleFor(user, role));
  if (!user || !actingAs) return { ok: false, message: `This needs the ${role} staff role.` };
  try {
    return {
      ok: true,
      data: await run((subject) => auditStaff({ user, actingAs }, action, subject)),
    };
  } catch (error) {
    if (error instanceof DbError) return { ok: false, message: error.message };
    throw error;
  }
}

export async function runBillingAction(): Promise<ActionResult<string>> {
  return asStaff('staff-admin', 'staff.billing_run', async (audit) => {
    await audit();
    const lines: string[] = [];
    const report = await runBilling(db(), new Date(), (line) => lines.push(line));
    revalidatePath('/staff/billing');
    return `${lines.at(-1) ?? ''} (${report.invoicesIssued} invoices)`;
  });
}

const paymentSchema = z.object({
  invoiceId: z.string().min(1).max(32),
  tenantId: z.string().min(1).max(32),
  amountCents: z.coerce.number().int().min(1, 'Enter an amount in cents above zero.'),
  reference: z.string().trim().max(100).optional(),
});

export async function recordPaymentAction(input: unknown): Promise<ActionResult<null>> {
  const parsed = paymentSchema.safeParse(input);
  if (!parsed.success)
    return { ok: false, message: parsed.error.issues[0]?.message ?? 'Check the form.' };
  const { invoiceId, tenantId, amountCents, reference } = parsed.data;
  return asStaff('support', 'staff.record_payment', async (audit) => {
    await audit({ tenantId, reason: `payment of ${amountCents} cents on ${invoiceId}` });
    await recordPayment(db(), {
      invoiceId,
      amountCents,
      method: 'bank-transfer',
      reference: reference || null,
    });
    // A paid invoice may lift past_due; the run settles statuses and nothing else is due now.
    await runBilling(db());
    revalidatePath('/staff/billing');
    return null;
  });
}

const taxSchema = z.object({
  tenantId: z.string().min(1).max(32),
  percent: z.coerce.number().min(0, 'Tax cannot be negative.').max(100, 'Tax is at most 100%.'),
});

export async function setTaxRateAction(input: unknown): Promise<ActionResult<null>> {
  const parsed = taxSchema.safeParse(input);
  if (!parsed.success)
    return { ok: false, message: parsed.error.issues[0]?.message ?? 'Check the form.' };
  const { tenantId, percent } = parsed.data;
  return asStaff('staff-admin', 'staff.set_tax_rate', async (audit) => {
    await audit({ tenantId, reason: `tax rate ${percent}%` });
    await db()
      .update(schema.tenants)
      .set({ taxRateBasisPoints: Math.round(percent * 100) })
      .where(eq(schema.tenants.id, tenantId));
    return null;
  });
}
