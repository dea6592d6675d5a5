import { deviceKindValues } from '@tagtime/db';
import { LIMITS } from '@tagtime/log';
import {
  appendResultSchema,
  errorBodySchema,
  headsSchema,
  pairResultSchema,
  recordsPageSchema,
  wireRecordSchema,
} from '@tagtime/log/protocol';
import { z } from 'zod';

/**
 * Route schemas: one source for validation, serialization and the OpenAPI document. The answers
 * of sync protocol v1 come from @tagtime/log/protocol, which the clients parse them with;
 * requests are the server's own. Records themselves are validated by @tagtime/log
 * (validateBatch), which names the index and field of the first problem; `recordDoc` only
 * documents their shape.
 */
export { appendResultSchema, headsSchema, pairResultSchema };
export const errorSchema = errorBodySchema;
export const recordDoc = wireRecordSchema;
export const pullResultSchema = recordsPageSchema;

export const batchDoc = z
  .object({ records: z.array(recordDoc).max(LIMITS.batchRecords) })
  .describe(`≤ ${LIMITS.batchRecords} records and ≤ ${LIMITS.batchBytes} bytes.`);

export const pairBodySchema = z.object({
  code: z.string().min(1).max(32).describe('The pairing code shown in the console.'),
  name: z.string().min(1).max(100),
  kind: z.enum(deviceKindValues),
});

export const MAX_PULL_LIMIT = 10_000;
export const DEFAULT_PULL_LIMIT = 1000;

export const pullQuerySchema = z.object({
  after: z
    .string()
    .max(100_000)
    .optional()
    .describe('`<device>:<t>,...`: per log, the last t already received. Default: from the start.'),
  limit: z.coerce.number().int().min(1).max(MAX_PULL_LIMIT).default(DEFAULT_PULL_LIMIT),
});

export const errorResponses = {
  400: errorSchema,
  401: errorSchema,
  403: errorSchema,
  409: errorSchema,
  413: errorSchema,
  429: errorSchema,
};
