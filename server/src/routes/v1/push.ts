import {
  deletePushSubscription,
  getPushSubscription,
  isDbError,
  reopenCurrentPush,
  savePushSubscription,
} from '@tagtime/db';
import { type PushState, pushStateSchema, pushSubscriptionBodySchema } from '@tagtime/log/protocol';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from '../../errors.js';
import { allowedEndpoint, validBrowserKey } from '../../push/endpoint.js';
import { errorResponses } from '../../schemas.js';

/**
 * The calling device's Web Push subscription ("ring me when closed"): read it with the server's
 * VAPID public key, register it (one per device; again replaces it), remove it. A device only
 * ever reaches its own: the device id comes from its token, never from the request.
 */
export default async function pushRoutes(app: FastifyInstance): Promise<void> {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const { vapid, serviceHosts } = app.config.push;
  const publicKey = (): string => {
    if (!vapid) {
      throw new AppError('push_unavailable', 'Web Push is not configured on this server.');
    }
    return vapid.publicKey;
  };
  const state = (endpoint: string | undefined): PushState => ({
    publicKey: publicKey(),
    subscribed: endpoint !== undefined,
    endpoint: endpoint ?? null,
  });
  const schema = (summary: string) => ({
    summary,
    security: [{ deviceToken: [] }],
    response: { 200: pushStateSchema, ...errorResponses },
  });

  routes.get('/push/subscription', {
    schema: schema("The server's VAPID public key and the calling device's push subscription"),
    handler: async (request) => {
      publicKey();
      return state((await getPushSubscription(app.db, request.device.deviceId))?.endpoint);
    },
  });

  routes.put('/push/subscription', {
    schema: {
      ...schema("Registers the browser's push subscription as the calling device's"),
      body: pushSubscriptionBodySchema,
    },
    handler: async (request) => {
      publicKey();
      const { endpoint, keys } = request.body;
      if (!allowedEndpoint(endpoint, serviceHosts)) {
        throw new AppError(
          'invalid_input',
          'The endpoint is not on a push service this server uses.',
          {
            path: 'endpoint',
          },
        );
      }
      if (!validBrowserKey(keys.p256dh)) {
        throw new AppError('invalid_input', 'keys.p256dh is not a P-256 public key.', {
          path: 'keys.p256dh',
        });
      }
      const { userId, deviceId } = request.device;
      try {
        const saved = await savePushSubscription(app.db, { userId, deviceId, endpoint, ...keys });
        // A browser that subscribes between pings still gets the current one.
        await reopenCurrentPush(app.db, userId);
        request.log.info({ device: deviceId }, 'push subscription registered');
        return state(saved.endpoint);
      } catch (error) {
        if (isDbError(error, 'invalid_input')) throw new AppError('invalid_input', error.message);
        if (isDbError(error, 'device_revoked') || isDbError(error, 'not_found')) {
          throw new AppError('unauthorized', 'The device token is not valid or has been revoked.');
        }
        throw error;
      }
    },
  });

  routes.delete('/push/subscription', {
    schema: schema("Removes the calling device's push subscription (none: nothing changes)"),
    handler: async (request) => {
      publicKey();
      await deletePushSubscription(app.db, { deviceId: request.device.deviceId });
      return state(undefined);
    },
  });
}
