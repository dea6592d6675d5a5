'use server';

import { createPairingCode, renameDevice, revokeDevice } from '@tagtime/db';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { routes } from '@/config/routes';
import { db } from '@/lib/db';
import { withUser } from '@/lib/guards/action-guards';
import { deviceIdSchema, renameDeviceSchema } from './schema';

export const createPairingCodeAction = withUser(z.object({}), async (_input, { user }) => {
  const { code, expiresAt } = await createPairingCode(db(), { userId: user.id });
  return { code, expiresAt: expiresAt.toISOString() };
});

export const revokeDeviceAction = withUser(deviceIdSchema, async ({ deviceId }, { user }) => {
  // Scoped to the signed-in user: another user's device id is "not found".
  await revokeDevice(db(), deviceId, { userId: user.id });
  revalidatePath(routes.devices);
  return null;
});

export const renameDeviceAction = withUser(
  renameDeviceSchema,
  async ({ deviceId, name }, { user }) => {
    await renameDevice(db(), { userId: user.id, deviceId, name });
    revalidatePath(routes.devices);
    return null;
  },
);
