import { centsFromAmount } from '@tagtime/db';
import { z } from 'zod';

export const paymentSchema = z.object({
  invoiceId: z.string().min(1).max(32),
  tenantId: z.string().min(1).max(32),
  // In the unit the page shows money in (4.00), never in cents.
  amount: z
    .string()
    .transform((text) => centsFromAmount(text))
    .pipe(
      z
        .number({ message: 'Enter the amount like 4.00.' })
        .int()
        .min(1, 'Enter an amount above zero.'),
    ),
  reference: z.string().trim().max(100).optional(),
});

export const taxRateSchema = z.object({
  tenantId: z.string().min(1, 'Pick a tenant.').max(32),
  percent: z.coerce.number().min(0, 'Tax cannot be negative.').max(100, 'Tax is at most 100%.'),
});
