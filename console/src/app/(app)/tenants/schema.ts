import { z } from 'zod';

export const roleSchema = z.enum(['owner', 'admin', 'member']);
export const tenantIdSchema = z.string().min(1).max(32);

export const createTeamSchema = z.object({
  name: z.string().trim().min(1, 'Name the team.').max(100, 'Keep the name under 100 characters.'),
});
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
export const acceptInviteSchema = z.object({ token: z.string().min(10).max(4096) });
