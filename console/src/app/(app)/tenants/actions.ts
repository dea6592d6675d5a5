'use server';

import { createTenant } from '@tagtime/db';
import { revalidatePath } from 'next/cache';
import { routes } from '@/config/routes';
import { db } from '@/lib/db';
import { withUser } from '@/lib/guards/action-guards';
import { createTeamSchema } from './schema';

export const createTeamAction = withUser(createTeamSchema, async ({ name }, { user }) => {
  const tenant = await createTenant(db(), { name, kind: 'team', ownerUserId: user.id });
  revalidatePath(routes.tenants);
  return { tenantId: tenant.id };
});
