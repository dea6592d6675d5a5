import { z } from 'zod';
import { MAX_PULL_LIMIT } from '../../schemas.js';

export const userParamsSchema = z.object({
  userId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,32}$/)
    .describe('The user whose logs to read.'),
});

const list = (what: string) =>
  z
    .string()
    .max(10_000)
    .optional()
    .transform((text) =>
      text === undefined || text === '' ? undefined : text.split(',').filter(Boolean),
    )
    .describe(`Comma-separated ${what}.`);

const time = (what: string) =>
  z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional().describe(what);

export const adminRecordsQuerySchema = z.object({
  kinds: list('record kinds to keep'),
  devices: list('device ids to keep'),
  from: time('Only records with t ≥ from (unix ms).'),
  to: time('Only records with t ≤ to (unix ms).'),
  q: z.string().max(200).optional().describe('Text to find in the record body (any case).'),
  after: z.string().max(100_000).optional().describe('The cursor of the previous page.'),
  limit: z.coerce.number().int().min(1).max(MAX_PULL_LIMIT).default(100),
});

export const adminStatsQuerySchema = z.object({
  from: time('Start of the range (unix ms); default 30 days before `to`.'),
  to: time('End of the range (unix ms); default now.'),
});
