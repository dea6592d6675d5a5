import { z } from 'zod';

export const deviceIdSchema = z.object({ deviceId: z.string().min(1).max(64) });
export const renameDeviceSchema = deviceIdSchema.extend({
  name: z
    .string()
    .trim()
    .min(1, 'Give the device a name.')
    .max(100, 'Keep names under 100 characters.'),
});

/** What the table shows of a device: plain strings, safe to hand to a client component. */
export interface DeviceRow {
  id: string;
  name: string;
  kind: string;
  createdAt: string;
  lastSeenAt: string | null;
  revokedAt: string | null;
  /** When the device's log last grew (its head), if the log server answered. */
  head: string | null;
}
