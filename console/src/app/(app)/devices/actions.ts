'use server';

import { createPairingCode, renameDevice, revokeDevice } from '@tagtime/db';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { db } from '@/lib/db';
import { withUser } from '@/lib/guards';
import { deviceIdSchema, renameDeviceSchema } from './schema';

export const createPairingCodeAction = withUser(z.object({}), async (user) => {
  const { code, expiresAt } = await createPairingCode(db(), { userId: user.id });
  return { code, expiresAt: expiresAt.toISOString() };
});

export const revokeDeviceAction = withUser(deviceIdSchema, async (user, { deviceId }) => {
  // Scoped to the signed-in user: another user's device id is "not found".
  await revokeDevice(db(), deviceId, { userId: user.id });
  revalidatePath('/devices');
  return null;
});

export const renameDeviceAction = withUser(renameDeviceSchema, async (user, { deviceId, name }) => {
  await renameDevice(db(), { userId: user.id, deviceId, name });
  revalidatePath('/devices');
  return null;
});
