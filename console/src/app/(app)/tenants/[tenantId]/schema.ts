import { z } from 'zod';
import { tenantIdSchema } from '../schema';

export const roleSchema = z.enum(['owner', 'admin', 'member']);

export const inviteSchema = z.object({
  tenantId: tenantIdSchema,
  email: z.string().trim().toLowerCase().email('Enter the email address of the person to invite.'),
  role: roleSchema,
});
export const memberSchema = z.object({
  tenantId: tenantIdSchema,
  userId: z.string().min(1).max(32),
});
export const changeRoleSchema = memberSchema.extend({ role: roleSchema });
export const pendingInviteSchema = z.object({
  tenantId: tenantIdSchema,
  inviteId: z.string().min(1).max(32),
});
