import { z } from 'zod';

/** One schema for the form and the server action. */
export const signUpSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, 'Enter your name.')
    .max(100, 'Keep the name under 100 characters.'),
  email: z.string().trim().toLowerCase().email('Enter a valid email address.'),
  password: z
    .string()
    .min(10, 'Use at least 10 characters for the password.')
    .max(200, 'Keep the password under 200 characters.'),
});

export type SignUpInput = z.infer<typeof signUpSchema>;

export type SignUpResult = { ok: true } | { ok: false; message: string };
