// The pieces every answer of the log server is made of: device ids, record times, records.
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

export type WireRecord = z.infer<typeof wireRecordSchema>;
