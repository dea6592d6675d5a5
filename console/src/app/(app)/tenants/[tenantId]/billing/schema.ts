import { z } from 'zod';
import { tenantIdSchema } from '../../schema';

export const planChoiceSchema = z.object({
  tenantId: tenantIdSchema,
  planCode: z.string().min(1).max(32),
  seats: z.coerce
    .number({ message: 'Seats must be a number.' })
    .int('Seats must be a whole number.')
    .min(1, 'At least one seat.')
    .max(10_000, 'At most 10,000 seats.'),
});

/** A plan change confirmed at the price its preview showed (see previewPlanChangeAction). */
export const changePlanSchema = planChoiceSchema.extend({
  quote: z.object({
    at: z.iso.datetime().transform((text) => new Date(text)),
    chargedCents: z.number().int().min(0),
    creditedCents: z.number().int().min(0),
  }),
});

export const cancelSchema = z.object({ tenantId: tenantIdSchema, cancel: z.boolean() });

export const tenantOnlySchema = z.object({ tenantId: tenantIdSchema });
