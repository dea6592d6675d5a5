import { isDbError, redeemPairingCode } from '@tagtime/db';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from '../../errors.js';
import { errorResponses, pairBodySchema, pairResultSchema } from '../../schemas.js';

const PAIRING_ERRORS = [
  'pairing_code_invalid',
  'pairing_code_expired',
  'pairing_code_used',
  'device_limit',
] as const;

export default async function pairRoute(app: FastifyInstance): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().post('/pair', {
    config: {
      rateLimit: {
        max: app.config.rateLimit.pairPerIp,
        timeWindow: 60_000,
        groupId: 'pair',
      },
    },
    schema: {
      summary: 'Exchange a pairing code from the console for a device token',
      body: pairBodySchema,
      response: { 200: pairResultSchema, ...errorResponses, 410: errorResponses[400] },
    },
    handler: async (request) => {
      try {
        const { device, token } = await redeemPairingCode(app.db, request.body);
        return { device: device.id, token };
      } catch (error) {
        for (const code of PAIRING_ERRORS) {
          if (isDbError(error, code)) throw new AppError(code, error.message);
        }
        if (isDbError(error, 'invalid_input')) throw new AppError('invalid_input', error.message);
        throw error;
      }
    },
  });
}
