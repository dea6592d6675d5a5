import { deviceIdSchema } from '@tagtime/log/protocol';
import { z } from 'zod';
import { intentSchema } from '@/lib/staff-intent';

const time = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional();

/** The log browser's query as its API routes take it (the log server checks the rest). */
export const logQuerySchema = z.object({
  q: z.string().max(500).optional(),
  from: time,
  to: time,
  /** The view or query these reads belong to (one audit row for all of them). */
  intent: intentSchema,
});

export const recordsQuerySchema = logQuerySchema.extend({
  dir: z.enum(['forward', 'backward']).optional(),
  cursor: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

export const histogramQuerySchema = logQuerySchema.extend({
  buckets: z.coerce.number().int().min(1).max(500).optional(),
  width: z.enum(['quarter', 'hour', 'day', 'week']).optional(),
  group: z.enum(['kind', 'device']).optional(),
});

export const contextQuerySchema = z.object({
  device: deviceIdSchema,
  t: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  n: z.coerce.number().int().min(1).max(50).optional(),
  intent: intentSchema,
});

export const exportQuerySchema = logQuerySchema.extend({ format: z.enum(['jsonl', 'csv']) });

export type UserParams = { userId: string };
