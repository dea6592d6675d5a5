import { deviceKindValues } from '@tagtime/db';
import { LIMITS } from '@tagtime/log';
import { z } from 'zod';

/**
 * Route schemas: one source for validation, serialization and the OpenAPI document. Records
 * themselves are validated by @tagtime/log (validateBatch), which names the index and field of
 * the first problem; `recordDoc` only documents their shape.
 */

export const errorSchema = z
  .object({
    error: z.looseObject({
      code: z.string().describe('Stable machine-readable reason, e.g. `conflict`.'),
      message: z.string().describe('One sentence that is safe to show.'),
    }),
  })
  .describe('Every error answer has this shape.');

const jsonDoc = z.unknown().describe('Any JSON value.');

export const recordDoc = z
  .object({
    device: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
    t: z.number().int().min(0).describe('Unix time of entry in ms; strictly increasing per log.'),
    kind: z.enum(['ping', 'tag', 'config', 'error', 'event', 'command']),
    body: z.record(z.string(), jsonDoc).describe('Fields by kind; see DESIGN.md, Records.'),
  })
  .describe(`A log record (≤ ${LIMITS.recordBytes} bytes as canonical JSON).`);

export const batchDoc = z
  .object({ records: z.array(recordDoc).max(LIMITS.batchRecords) })
  .describe(`≤ ${LIMITS.batchRecords} records and ≤ ${LIMITS.batchBytes} bytes.`);

export const appendResultSchema = z.object({
  accepted: z.number().int().describe('Records newly stored.'),
  duplicates: z.number().int().describe('Records already stored identically (resends).'),
  head: z.number().int().nullable().describe("The log's last t; null while the log is empty."),
});

export const pairBodySchema = z.object({
  code: z.string().min(1).max(32).describe('The pairing code shown in the console.'),
  name: z.string().min(1).max(100),
  kind: z.enum(deviceKindValues),
});

export const pairResultSchema = z.object({
  device: z.string().describe('The new device id (also its log id).'),
  token: z.string().describe('The device token, shown once.'),
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

export const pullResultSchema = z.object({
  records: z.array(recordDoc),
  cursor: z.string().describe('Pass back as `after` to continue exactly here.'),
  more: z.boolean().describe('True when records after the cursor remain.'),
});

export const headsSchema = z.object({
  heads: z.record(z.string(), z.number().int()).describe('Per device log, its last t.'),
});

export const deviceSchema = z.object({
  id: z.string().describe('The device id, as in its records.'),
  name: z.string().describe('The name the user gave it.'),
  kind: z.enum(deviceKindValues),
  revoked: z.boolean().describe('True once its token was revoked; its log stays the user’s.'),
  self: z.boolean().describe('True for the device of the calling token.'),
});

export const devicesSchema = z.object({
  devices: z.array(deviceSchema).describe("The user's devices, oldest first, revoked ones too."),
});

export const renameSelfBodySchema = z.object({
  name: z.string().trim().min(1).max(100).describe("The calling device's new name."),
});

export const errorResponses = {
  400: errorSchema,
  401: errorSchema,
  403: errorSchema,
  409: errorSchema,
  413: errorSchema,
  429: errorSchema,
};
