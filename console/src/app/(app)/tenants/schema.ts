import { z } from 'zod';

export const tenantIdSchema = z.string().min(1).max(32);

export const createTeamSchema = z.object({
  name: z.string().trim().min(1, 'Name the team.').max(100, 'Keep the name under 100 characters.'),
});
