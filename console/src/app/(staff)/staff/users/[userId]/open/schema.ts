import { z } from 'zod';

export const openUserSchema = z.object({
  userId: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/),
  reason: z
    .string()
    .trim()
    .min(3, 'Give the ticket id or a sentence saying why (3 characters or more).')
    .max(500, 'Keep the reason under 500 characters.'),
  next: z.string().max(2000).optional(),
});
