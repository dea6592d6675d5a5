import { z } from 'zod';

/** What a browser sends to pair itself: the name it shows on Devices (rename it there). */
export const pairBrowserSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, 'Give this browser a name.')
    .max(100, 'Keep names under 100 characters.'),
});

/** What the browser keeps of its pairing, in its own IndexedDB. */
export interface BrowserDevice {
  deviceId: string;
  token: string;
  /** The log server it syncs with (the public URL at pairing). */
  server: string;
}
