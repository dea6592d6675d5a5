import { z } from 'zod';

export const paymentSchema = z.object({
  invoiceId: z.string().min(1).max(32),
  tenantId: z.string().min(1).max(32),
  amountCents: z.coerce.number().int().min(1, 'Enter an amount in cents above zero.'),
  reference: z.string().trim().max(100).optional(),
});

export const taxRateSchema = z.object({
  tenantId: z.string().min(1).max(32),
  percent: z.coerce.number().min(0, 'Tax cannot be negative.').max(100, 'Tax is at most 100%.'),
});
