import { type Device, isDbError, listDevices, renameDevice } from '@tagtime/db';
import {
  type DeviceInfo,
  deviceInfoSchema,
  devicesListSchema,
  renameSelfBodySchema,
} from '@tagtime/log/protocol';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from '../../errors.js';
import { errorResponses } from '../../schemas.js';

const shown = (device: Device, caller: string): DeviceInfo => ({
  id: device.id,
  name: device.name,
  kind: device.kind,
  revoked: device.revokedAt !== null,
  self: device.id === caller,
});

/** The user's devices by name (devices show each other's names, not ids), and renaming oneself. */
export default async function devicesRoute(app: FastifyInstance): Promise<void> {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  routes.get('/devices', {
    schema: {
      summary: "The user's devices: id, name, kind, revoked",
      security: [{ deviceToken: [] }],
      response: { 200: devicesListSchema, ...errorResponses },
    },
    handler: async (request) => ({
      devices: (await listDevices(app.db, request.device.userId)).map((device) =>
        shown(device, request.device.deviceId),
      ),
    }),
  });
  routes.patch('/devices/self', {
    schema: {
      summary: 'Renames the calling device (a device paired with a token made elsewhere)',
      security: [{ deviceToken: [] }],
      body: renameSelfBodySchema,
      response: { 200: deviceInfoSchema, ...errorResponses },
    },
    handler: async (request) => {
      const { userId, deviceId } = request.device;
      try {
        const renamed = await renameDevice(app.db, { userId, deviceId, name: request.body.name });
        return shown(renamed, deviceId);
      } catch (error) {
        if (isDbError(error, 'invalid_input')) throw new AppError('invalid_input', error.message);
        throw error;
      }
    },
  });
}
