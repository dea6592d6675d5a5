import { adminContextSchema } from '@tagtime/log/protocol';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { recordContext } from '../../admin/context.js';
import { AppError } from '../../errors.js';
import { sendJsonText } from '../../lib/raw-json.js';
import { errorResponses } from '../../schemas.js';
import type { StoredRecord } from '../../store/log-store.js';
import { contextQuerySchema, recordParamsSchema } from './schemas.js';
import { loadUserQuery } from './user-query.js';

const list = (records: StoredRecord[]) => `[${records.map((record) => record.json).join(',')}]`;

export default async function adminContextRoute(app: FastifyInstance): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().get('/users/:userId/records/:device/:t/context', {
    schema: {
      summary: 'A record with its neighbours on its device and across the other devices',
      security: [{ serviceToken: [] }],
      params: recordParamsSchema,
      querystring: contextQuerySchema,
      response: { 200: adminContextSchema, ...errorResponses, 404: errorResponses[400] },
    },
    handler: async (request, reply) => {
      const { userId, device, t } = request.params;
      const { allDevices } = await loadUserQuery(app, request, 'logs.context', { userId });
      const context = recordContext(app.store, userId, allDevices, { device, t }, request.query.n);
      if (context === undefined) {
        throw new AppError('not_found', `The user has no record at ${device}:${t}.`);
      }
      return sendJsonText(
        reply,
        `{"record":${context.record.json},"device":{"before":${list(context.device.before)},"after":${list(context.device.after)}},"others":{"before":${list(context.others.before)},"after":${list(context.others.after)}}}`,
      );
    },
  });
}
