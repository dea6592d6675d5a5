import { MAX_QUERY_LENGTH } from '@tagtime/log';
import { deviceIdSchema } from '@tagtime/log/protocol';
import { z } from 'zod';
import { MAX_PULL_LIMIT } from '../../schemas.js';

export const userParamsSchema = z.object({
  userId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,32}$/)
    .describe('The user whose logs to read.'),
});

export const recordParamsSchema = userParamsSchema.extend({
  device: deviceIdSchema,
  t: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
});

const time = (what: string) =>
  z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional().describe(what);

/** What every support query takes: the query text and the time range. */
export const logQuerySchema = z.object({
  q: z
    .string()
    .max(MAX_QUERY_LENGTH)
    .optional()
    .describe('The query: `kind:error device:watch "timed out" -retry` (see server/docs/api.md).'),
  from: time("Only records with t ≥ from (unix ms); default the user's first record."),
  to: time("Only records with t ≤ to (unix ms); default the user's last record."),
});

export const adminRecordsQuerySchema = logQuerySchema.extend({
  dir: z
    .enum(['forward', 'backward'])
    .default('backward')
    .describe('backward: newest first (the default); forward: oldest first.'),
  cursor: z
    .string()
    .max(100)
    .optional()
    .describe(
      '`<t>:<device>`: a place in merged order to page on from (exclusive). `<t>:~` sits after every record at t, `<t>:` before. Default: the end of the range in `dir`.',
    ),
  limit: z.coerce.number().int().min(1).max(MAX_PULL_LIMIT).default(100),
});

export const histogramQuerySchema = logQuerySchema.extend({
  buckets: z.coerce.number().int().min(1).max(500).default(80).describe('About how many bars.'),
  width: z
    .enum(['quarter', 'hour', 'day', 'week'])
    .optional()
    .describe('A fixed bar width instead; days and weeks follow the user’s midnights.'),
  group: z.enum(['kind', 'device']).default('kind'),
});

export const contextQuerySchema = z.object({
  n: z.coerce.number().int().min(1).max(100).default(10).describe('Neighbours each way.'),
});

export const exportQuerySchema = logQuerySchema.extend({
  format: z.enum(['jsonl', 'csv']).default('jsonl'),
});

export const pingsQuerySchema = z.object({
  from: time('Start of the range (unix ms); default 30 days before `to`.'),
  to: time('End of the range (unix ms); default now.'),
});

export const searchQuerySchema = z.object({
  q: z.string().min(1).max(200).describe('Text to find in record bodies (any case).'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const adminStatsQuerySchema = z.object({
  from: time('Start of the range (unix ms); default 30 days before `to`.'),
  to: time('End of the range (unix ms); default now.'),
});
