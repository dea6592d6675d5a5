import { passwordSchema } from '@tagtime/db/rules';
import { z } from 'zod';

/** One schema for the form and the server action. */
export const signUpSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, 'Enter your name.')
    .max(100, 'Keep the name under 100 characters.'),
  email: z.string().trim().toLowerCase().email('Enter a valid email address.'),
  password: passwordSchema,
  /** Where the confirmation link lands (a same-site path; anything else lands home). */
  next: z.string().max(2048).optional(),
});

export type SignUpInput = z.infer<typeof signUpSchema>;
