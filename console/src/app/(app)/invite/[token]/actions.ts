'use server';

import { acceptInvite } from '@tagtime/db';
import { revalidatePath } from 'next/cache';
import { routes } from '@/config/routes';
import { db } from '@/lib/db';
import { withUser } from '@/lib/guards/action-guards';
import { acceptInviteSchema } from './schema';

/**
 * Joins the tenant of a pending invitation for this user's address, once: @tagtime/db checks
 * the link, the address and the inviter's rights again in the transaction that adds the member.
 */
export const acceptInviteAction = withUser(
  acceptInviteSchema,
  async ({ token }, { user, audit }) => {
    const invite = await acceptInvite(db(), { token, userId: user.id });
    // Joining changes who holds a tenant's data: the trail names the tenant and the role taken.
    audit({
      tenantId: invite.tenantId,
      subjectUserId: user.id,
      reason: `joined as ${invite.role}`,
    });
    revalidatePath(routes.tenants);
    return { tenantId: invite.tenantId };
  },
  { audit: 'tenant.invite_accepted' },
);
