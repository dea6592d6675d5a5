'use server';

import { changePlan, setCancelAtPeriodEnd } from '@tagtime/db';
import { revalidatePath } from 'next/cache';
import { routes } from '@/config/routes';
import { db } from '@/lib/db';
import { withTenantRole } from '@/lib/guards';
import { cancelSchema, changePlanSchema } from './schema';

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
