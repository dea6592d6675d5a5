'use server';

import {
  changePlan,
  findBillingCustomer,
  findLiveSubscription,
  formatMoney,
  previewPlanChange,
  setCancelAtPeriodEnd,
} from '@tagtime/db';
import { revalidatePath } from 'next/cache';
import { routes } from '@/config/routes';
import { portalUrl, startCardSetup } from '@/lib/billing/cards';
import { collectPlanChange } from '@/lib/billing/collect';
import { db } from '@/lib/db';
import { withTenantRole } from '@/lib/guards/action-guards';
import { cancelSchema, changePlanSchema, planChoiceSchema, tenantOnlySchema } from './schema';

/** What a plan change would charge or credit now, for the person to confirm; changes nothing. */
export const previewPlanChangeAction = withTenantRole(
  'admin',
  planChoiceSchema,
  async (input, { user }) => {
    const preview = await previewPlanChange(db(), { actorUserId: user.id, ...input });
    const customer = await findBillingCustomer(db(), input.tenantId);
    const { currency } = preview;
    return {
      quote: {
        at: preview.at.toISOString(),
        chargedCents: preview.chargedCents,
        creditedCents: preview.creditedCents,
      },
      charged: formatMoney(preview.chargedCents, currency),
      credited: formatMoney(preview.creditedCents, currency),
      creditApplied: preview.creditAppliedCents > 0,
      lines: (preview.invoice?.lines ?? []).map((line) => ({
        description: line.description,
        amount: formatMoney(line.amountCents, currency),
      })),
      summary: preview.summary,
      endsWithPeriod: preview.subscription?.cancelAtPeriodEnd === true,
      /** A change that costs money needs a saved card first. */
      needsCard: preview.chargedCents > 0 && !customer?.paymentMethodId,
      card: customer?.cardLast4 ? `${customer.cardBrand} •••• ${customer.cardLast4}` : null,
    };
  },
);

/** Charged to the saved card inside the change: a decline leaves the plan as it was. */
export const changePlanAction = withTenantRole(
  'admin',
  changePlanSchema,
  async (input, { user, audit }) => {
    const before = await findLiveSubscription(db(), input.tenantId);
    const from = before ? `${before.planCode} × ${before.seats}` : 'free';
    const seatsOnly = before?.planCode === input.planCode && before.seats !== input.seats;
    audit({
      ...(seatsOnly
        ? { action: input.seats > before.seats ? 'billing.seat_added' : 'billing.seat_removed' }
        : {}),
      reason: `${from} → ${input.planCode} × ${input.seats}`,
    });
    const change = await changePlan(db(), {
      actorUserId: user.id,
      ...input,
      collect: collectPlanChange(input.tenantId),
    });
    audit({
      reason: `${from} → ${input.planCode} × ${input.seats}; charged ${formatMoney(change.chargedCents, change.currency)}, credited ${formatMoney(change.creditedCents, change.currency)}`,
    });
    revalidatePath(routes.billing(input.tenantId));
    revalidatePath(routes.tenant(input.tenantId));
    return { summary: change.summary, chargedCents: change.chargedCents };
  },
  { audit: 'billing.plan_change' },
);

export const cancelAction = withTenantRole(
  'owner',
  cancelSchema,
  async (input, { user, audit }) => {
    audit({ reason: input.cancel ? 'ends with the period' : 'resumed' });
    await setCancelAtPeriodEnd(db(), { actorUserId: user.id, ...input });
    revalidatePath(routes.billing(input.tenantId));
    return null;
  },
  { audit: 'billing.cancel_at_period_end' },
);

/** Stripe Checkout (setup mode) to add a card: answers the page's URL to go to. */
export const addCardAction = withTenantRole(
  'admin',
  tenantOnlySchema,
  async (_input, { user, tenant }) => ({
    url: await startCardSetup(tenant, user),
  }),
);

/** Stripe's customer portal: replace the card, see invoices and receipts. */
export const cardPortalAction = withTenantRole(
  'admin',
  tenantOnlySchema,
  async (_input, { user, tenant }) => ({
    url: await portalUrl(tenant, user),
  }),
);
