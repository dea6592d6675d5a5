import { passwordSchema } from '@tagtime/db/rules';
import { z } from 'zod';

export const profileSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, 'Enter your name.')
    .max(100, 'Keep the name under 100 characters.'),
  timeZone: z
    .string()
    .refine((zone) => Intl.supportedValuesOf('timeZone').includes(zone) || zone === 'UTC', {
      message: 'Pick a time zone from the list.',
    }),
});

export const passwordChangeSchema = z.object({
  current: z.string().min(1, 'Enter your current password.'),
  next: passwordSchema,
});

export const deleteAccountSchema = z.object({ confirmEmail: z.string().trim().toLowerCase() });
