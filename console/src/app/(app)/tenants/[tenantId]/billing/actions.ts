'use server';

import { changePlan, formatMoney, previewPlanChange, setCancelAtPeriodEnd } from '@tagtime/db';
import { revalidatePath } from 'next/cache';
import { routes } from '@/config/routes';
import { db } from '@/lib/db';
import { withTenantRole } from '@/lib/guards/action-guards';
import { cancelSchema, changePlanSchema, planChoiceSchema } from './schema';

/** What a plan change would charge or credit now, for the person to confirm; changes nothing. */
export const previewPlanChangeAction = withTenantRole(
  'admin',
  planChoiceSchema,
  async (input, { user }) => {
    const preview = await previewPlanChange(db(), { actorUserId: user.id, ...input });
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
    };
  },
);

export const changePlanAction = withTenantRole(
  'admin',
  changePlanSchema,
  async (input, { user }) => {
    const change = await changePlan(db(), { actorUserId: user.id, ...input });
    revalidatePath(routes.billing(input.tenantId));
    return { summary: change.summary };
  },
);

export const cancelAction = withTenantRole('owner', cancelSchema, async (input, { user }) => {
  await setCancelAtPeriodEnd(db(), { actorUserId: user.id, ...input });
  revalidatePath(routes.billing(input.tenantId));
  return null;
});
