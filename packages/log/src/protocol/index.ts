// The answers of sync protocol v1 (DESIGN.md, "Sync protocol v1") as zod schemas: one source
// for the server (validation, serialization, OpenAPI) and every client (@tagtime/client, the
// watch's phone side, the web pinger). zod and plain TypeScript only, so it runs in browsers
// and in the Zepp phone app as well as in Node.
import { z } from 'zod';
import { DEVICE_ID_PATTERN, LIMITS, RECORD_KINDS } from '../records.js';

/** A device id (also its log's id): 1–64 of `[A-Za-z0-9_-]`. */
export const deviceIdSchema = z
  .string()
  .regex(DEVICE_ID_PATTERN)
  .describe('A device id (also its log id): 1–64 of A–Z, a–z, 0–9, "_", "-".');

/** A record time or a log head: integer unix ms. */
export const recordTimeSchema = z
  .number()
  .int()
  .min(0)
  .max(Number.MAX_SAFE_INTEGER)
  .describe('Unix time in ms.');

/**
 * A record as answers carry it: the envelope, with the body an object whose fields depend on
 * the kind (DESIGN.md, Records). Records are checked field by field on the way in
 * (`validateBatch`); an answer only has to be a record at all.
 */
export const wireRecordSchema = z
  .object({
    device: deviceIdSchema,
    t: recordTimeSchema.describe('Unix time of entry in ms; strictly increasing per log.'),
    kind: z.enum(RECORD_KINDS as [string, ...string[]]),
    body: z.record(z.string(), z.unknown()).describe('Fields by kind; see DESIGN.md, Records.'),
  })
  .describe(`A log record (≤ ${LIMITS.recordBytes} bytes as canonical JSON).`);

/** `POST /v1/records` → 200. */
export const appendResultSchema = z.object({
  accepted: z.number().int().min(0).describe('Records newly stored.'),
  duplicates: z.number().int().min(0).describe('Records already stored identically (resends).'),
  head: recordTimeSchema.nullable().describe("The log's last t; null while the log is empty."),
});

/** `GET /v1/records` → 200. */
export const recordsPageSchema = z.object({
  records: z.array(wireRecordSchema).describe('In merged order: by t, ties by device id.'),
  cursor: z.string().describe('Pass back as `after` to continue exactly here.'),
  more: z.boolean().describe('True when records after the cursor remain.'),
});

/** `GET /v1/heads` → 200. */
export const headsSchema = z.object({
  heads: z.record(z.string(), recordTimeSchema).describe('Per device log, its last t.'),
});

/** `POST /v1/pair` → 200. */
export const pairResultSchema = z.object({
  device: deviceIdSchema.describe('The new device id (also its log id).'),
  token: z.string().min(1).describe('The device token, shown once.'),
});

/** The data of each `event: log` of `GET /v1/stream`. */
export const streamEventSchema = z.object({
  device: deviceIdSchema,
  head: recordTimeSchema.describe("The log's new last t."),
});

/** Every error answer: a stable `code`, a sentence that is safe to show, and details by code. */
export const errorBodySchema = z
  .object({
    error: z.looseObject({
      code: z.string().describe('Stable machine-readable reason, e.g. `conflict`.'),
      message: z.string().describe('One sentence that is safe to show.'),
    }),
  })
  .describe('Every error answer has this shape.');

export type AppendResult = z.infer<typeof appendResultSchema>;
export type RecordsPage = z.infer<typeof recordsPageSchema>;
export type Heads = z.infer<typeof headsSchema>;
export type PairResult = z.infer<typeof pairResultSchema>;
export type StreamEvent = z.infer<typeof streamEventSchema>;
export type ErrorBody = z.infer<typeof errorBodySchema>;
