// The answers of the log server's admin API (server/docs/api.md, "Admin API") as zod schemas: one
// source for the server (serialization, OpenAPI) and its one caller, the console (parsing each
// answer, so a malformed one is an error rather than a page of undefined).
import { z } from 'zod';
import { wireRecordSchema } from './wire.js';

const counts = z.record(z.string(), z.number());
/** The time range an answer covers (unix ms), as the query asked for it. */
const range = { from: z.number(), to: z.number() };
/** Scheduled pings answered, missed (answered automatically) and left unanswered. */
const pingCounts = { answered: z.number(), missed: z.number(), unanswered: z.number() };
const textApplied = z
  .boolean()
  .describe('False when the query has text the counts leave out (too many records to read).');

/** `GET /admin/v1/users/:userId/records` → 200. */
export const adminRecordPageSchema = z.object({
  records: z.array(wireRecordSchema).describe('In `dir` order: backward gives the newest first.'),
  cursor: z.string().describe('Where the page stopped; pass it back to go on in `dir`.'),
  more: z.boolean().describe('False once the range is exhausted in `dir`.'),
  scanned: z.number().int().describe('Records read; a rare text may fill a page only partly.'),
});
export type AdminRecordPage = z.infer<typeof adminRecordPageSchema>;

/** `GET /admin/v1/users/:userId/facets` → 200. */
export const adminFacetsSchema = z.object({
  ...range,
  total: z.number().int().describe('Records matching the whole query.'),
  kinds: counts.describe("Per kind, with the query's kinds left out."),
  devices: counts.describe("Per device, with the query's devices left out."),
  textApplied,
});
export type AdminFacets = z.infer<typeof adminFacetsSchema>;

/** `GET /admin/v1/users/:userId/histogram` → 200. */
export const adminHistogramSchema = z.object({
  group: z.enum(['kind', 'device']),
  ...range,
  bucketMs: z.number().describe('Nominal bar width in ms.'),
  timeZone: z.string(),
  buckets: z.array(z.object({ start: z.number(), counts })),
  total: z.number().int(),
  textApplied,
});
export type AdminHistogram = z.infer<typeof adminHistogramSchema>;

const aroundSchema = z.object({
  before: z.array(wireRecordSchema),
  after: z.array(wireRecordSchema),
});

/** `GET /admin/v1/users/:userId/records/:device/:t/context` → 200. */
export const adminContextSchema = z.object({
  record: wireRecordSchema,
  device: aroundSchema.describe("The record's own device: just before (newest first), after."),
  others: aroundSchema.describe('The other devices around it in merged order.'),
});
export type AdminContext = z.infer<typeof adminContextSchema>;

/** `GET /admin/v1/users/:userId/pings` → 200. */
export const adminPingReportSchema = z.object({
  ...range,
  timeZone: z.string(),
  days: z.array(z.object({ day: z.string(), ...pingCounts })),
  ...pingCounts,
  tags: z.array(z.object({ tag: z.string(), count: z.number(), seconds: z.number() })),
  complete: z.boolean(),
});
export type AdminPingReport = z.infer<typeof adminPingReportSchema>;

/** `GET /admin/v1/users/:userId/stats` → 200. */
export const adminUserStatsSchema = z.object({
  ...range,
  complete: z.boolean().describe('Always true: the counts come from the index.'),
  logs: z.array(
    z.object({
      device: z.string(),
      head: z.number(),
      count: z.number(),
      name: z.string().nullable(),
      kind: z.string().nullable(),
      lastSeenAt: z.string().nullable(),
      revokedAt: z.string().nullable(),
    }),
  ),
  heads: z.record(z.string(), z.number()),
  recordsPerDay: z.array(z.object({ day: z.string(), kind: z.string(), count: z.number() })),
  errorsByDevice: counts,
  lastSync: z.string().nullable(),
});
export type AdminUserStats = z.infer<typeof adminUserStatsSchema>;

/** `GET /admin/v1/search` → 200. */
export const adminSearchSchema = z.object({
  users: z.array(z.object({ userId: z.string(), matches: z.number(), latest: wireRecordSchema })),
  scanned: z.number(),
  complete: z.boolean().describe('False when the search stopped at its bound.'),
});
export type AdminSearch = z.infer<typeof adminSearchSchema>;
