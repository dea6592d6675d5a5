'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { changePlan, setCancelAtPeriodEnd } from '@/lib/billing/engine';
import { db } from '@/lib/db';
import { withUser } from '@/lib/guards';
import { changePlanSchema } from './schema';

export const changePlanAction = withUser(changePlanSchema, async (user, input) => {
  const change = await changePlan(db(), { actorUserId: user.id, ...input });
  revalidatePath(`/t/${input.tenantId}/billing`);
  return { summary: change.summary };
});

export const cancelAction = withUser(
  z.object({ tenantId: z.string().min(1).max(32), cancel: z.boolean() }),
  async (user, input) => {
    await setCancelAtPeriodEnd(db(), { actorUserId: user.id, ...input });
    revalidatePath(`/t/${input.tenantId}/billing`);
    return null;
  },
);
