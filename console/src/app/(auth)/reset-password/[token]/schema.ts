import { passwordSchema } from '@tagtime/db/rules';
import { z } from 'zod';

export const resetPasswordSchema = z.object({
  token: z.string().min(10).max(4096),
  password: passwordSchema,
});
