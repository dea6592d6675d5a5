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
  unsent: z.coerce
    .number()
    .int()
    .min(0)
    .max(1_000_000_000)
    .optional()
    .describe(
      'How many of its own records the device still holds unsent; support reads it as how far behind it is.',
    ),
});

export const errorResponses = {
  400: errorSchema,
  401: errorSchema,
  403: errorSchema,
  409: errorSchema,
  413: errorSchema,
  429: errorSchema,
};

// The kept view's answers (GET /v1/view, /v1/view/tags). Their shapes are @tagtime/log's
// `PackedViewState` and `TagSnapshot`; these schemas belong beside the other answers in
// @tagtime/log/protocol once a client parses them.
const recordId = { device: z.string(), t: z.number().int() };
/** `[device index, t − ping × 1000, tags, note?]`. */
const packedAnswerSchema = z.union([
  z.tuple([z.number().int(), z.number().int(), z.array(z.string())]),
  z.tuple([z.number().int(), z.number().int(), z.array(z.string()), z.string()]),
]);
const absent = z.literal(0);

export const packedViewStateSchema = z
  .object({
    v: z.literal(1),
    form: z.literal('packed'),
    timeZone: z.string().describe('The zone of the diagnostics days: always UTC here.'),
    size: z.number().int().min(0).describe('Records folded in.'),
    heads: z.record(z.string(), z.number().int()).describe('Per device, its last t folded in.'),
    devices: z.array(z.string()).describe('The device ids pings and diagnostics name by index.'),
    pings: z
      .array(
        z.union([
          z.tuple([z.number().int()]),
          z.tuple([z.number().int(), z.union([packedAnswerSchema, absent])]),
          z.tuple([
            z.number().int(),
            z.union([packedAnswerSchema, absent]),
            z.union([packedAnswerSchema, absent]),
          ]),
          z.tuple([
            z.number().int(),
            z.union([packedAnswerSchema, absent]),
            z.union([packedAnswerSchema, absent]),
            z.tuple([z.number().int(), z.number().int()]),
          ]),
        ]),
      )
      .describe(
        'By ping time, [ping, human, auto, deleted]: the answers that can still show and the latest delete (0 or left off when absent).',
      ),
    renames: z.array(z.object({ ...recordId, from: z.string(), to: z.string() })),
    tags: z.array(
      z.object({
        ...recordId,
        tag: z.string(),
        category: z.string().optional(),
        color: z.string().optional(),
      }),
    ),
    config: z.array(z.object({ ...recordId, key: z.string(), value: z.unknown() })),
    diagnostics: z
      .array(z.tuple([z.number().int(), z.enum(['error', 'event']), z.string(), z.number().int()]))
      .describe('[device index, kind, day, count].'),
  })
  .describe(
    "@tagtime/log's PackedViewState: unpackViewState gives the LogViewState to resume with LogView.from.",
  );

export const viewResultSchema = z.object({ view: packedViewStateSchema });

export const viewTagsQuerySchema = z.object({
  asOf: z
    .string()
    .regex(/^\d{1,11}$/, 'asOf must be unix seconds')
    .transform(Number)
    .optional()
    .describe('Unix seconds the scores refer to; default now.'),
});

export const viewTagsResultSchema = z.object({
  snapshot: z.object({
    asOf: z.number().int(),
    tags: z.array(z.tuple([z.string(), z.number()])).describe('[tag, score], best first.'),
    renames: z.array(z.tuple([z.string(), z.string()])).describe('[from, to], chains resolved.'),
  }),
});
