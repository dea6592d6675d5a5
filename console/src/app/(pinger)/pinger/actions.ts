'use server';

import { createDevice } from '@tagtime/db';
import { revalidatePath } from 'next/cache';
import { routes } from '@/config/routes';
import { db } from '@/lib/db';
import { withUser } from '@/lib/guards/action-guards';
import { publicLogServerUrl } from '@/lib/public-log-server';
import { limitBrowserPairing } from '@/lib/rate-limit';
import { type BrowserDevice, pairBrowserSchema } from './schema';

/**
 * Pairs the signed-in person's browser as a `web` device, with no code: the session is the
 * proof a pairing code would give. It counts against the plan's device limit like any device
 * (`createDevice` refuses with `device_limit` past it), appears on Devices, and its token is
 * handed to this browser once, never stored by the console.
 */
export const pairThisBrowserAction = withUser(
  pairBrowserSchema,
  async ({ name }, { user }): Promise<BrowserDevice> => {
    await limitBrowserPairing(user.id);
    const { device, token } = await createDevice(db(), { userId: user.id, name, kind: 'web' });
    revalidatePath(routes.devices);
    return { deviceId: device.id, token, server: publicLogServerUrl() };
  },
);
