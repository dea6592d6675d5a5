// The answers of sync protocol v1 (DESIGN.md, "Sync protocol v1") as zod schemas: one source
// for the server (validation, serialization, OpenAPI) and every client (@tagtime/client, the
// watch's phone side, the web pinger); the live stream's events are in stream.ts. zod and plain
// TypeScript only, so it runs in browsers and in the Zepp phone app as well as in Node.
import { z } from 'zod';
import { deviceIdSchema, recordTimeSchema, type WireRecord, wireRecordSchema } from './wire.js';

export * from './admin.js';
export * from './push.js';
export * from './stream.js';
export { deviceIdSchema, recordTimeSchema, type WireRecord, wireRecordSchema };

/** `POST /v1/records` → 200. */
export const appendResultSchema = z.object({
  accepted: z.number().int().min(0).describe('Records newly stored.'),
  duplicates: z.number().int().min(0).describe('Records already stored identically (resends).'),
  head: recordTimeSchema.nullable().describe("The log's last t; null while the log is empty."),
});
export type AppendResult = z.infer<typeof appendResultSchema>;

/** `GET /v1/records` → 200. */
export const recordsPageSchema = z.object({
  records: z.array(wireRecordSchema).describe('In merged order: by t, ties by device id.'),
  cursor: z.string().describe('Pass back as `after` to continue exactly here.'),
  more: z.boolean().describe('True when records after the cursor remain.'),
});
export type RecordsPage = z.infer<typeof recordsPageSchema>;

/** `GET /v1/heads` → 200. */
export const headsSchema = z.object({
  heads: z.record(z.string(), recordTimeSchema).describe('Per device log, its last t.'),
});
export type Heads = z.infer<typeof headsSchema>;

/** `POST /v1/pair` → 200. */
export const pairResultSchema = z.object({
  device: deviceIdSchema.describe('The new device id (also its log id).'),
  token: z.string().min(1).describe('The device token, shown once.'),
});
export type PairResult = z.infer<typeof pairResultSchema>;

/** What a device is, as it pairs (`POST /v1/pair`) and as `GET /v1/devices` lists it. */
export const DEVICE_KINDS = ['watch', 'phone', 'desktop', 'web', 'cli'] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];

/** One of the user's devices, as `GET /v1/devices` lists it and `PATCH /v1/devices/self` answers. */
export const deviceInfoSchema = z.object({
  id: deviceIdSchema.describe('The device id, as in its records.'),
  name: z.string().min(1).max(100).describe('The name the user gave it.'),
  kind: z.enum(DEVICE_KINDS),
  revoked: z.boolean().describe('True once its token was revoked; its log stays the user’s.'),
  self: z.boolean().describe('True for the device of the calling token.'),
});
export type DeviceInfo = z.infer<typeof deviceInfoSchema>;

/** `GET /v1/devices` → 200. */
export const devicesListSchema = z.object({
  devices: z
    .array(deviceInfoSchema)
    .describe("The user's devices, oldest first, revoked ones too."),
});
export type DevicesList = z.infer<typeof devicesListSchema>;

/** `PATCH /v1/devices/self` request body: the calling device's new name. */
export const renameSelfBodySchema = z.object({
  name: z.string().trim().min(1).max(100).describe("The calling device's new name."),
});
export type RenameSelfBody = z.input<typeof renameSelfBodySchema>;

/** Every error answer: a stable `code`, a sentence that is safe to show, and details by code. */
export const errorBodySchema = z
  .object({
    error: z.looseObject({
      code: z.string().describe('Stable machine-readable reason, e.g. `conflict`.'),
      message: z.string().describe('One sentence that is safe to show.'),
    }),
  })
  .describe('Every error answer has this shape.');
export type ErrorBody = z.infer<typeof errorBodySchema>;
