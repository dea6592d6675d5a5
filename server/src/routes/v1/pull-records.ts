import { CursorError, parseCursor } from '@tagtime/log';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { deviceLane, type TokenLanes } from '../../edge/token-lanes.js';
import { AppError } from '../../errors.js';
import { sendPullPage } from '../../lib/raw-json.js';
import { errorResponses, pullQuerySchema, pullResultSchema } from '../../schemas.js';
import { PullScan } from '../../store/pull.js';

/** Parses `after`, turning a malformed cursor into a 400 that says what is wrong with it. */
export function parseAfter(text: string | undefined) {
  try {
    return parseCursor(text ?? '');
  } catch (error) {
    if (error instanceof CursorError) {
      throw new AppError('invalid_cursor', `after: ${error.message}`, { path: 'after' });
    }
    throw error;
  }
}

export default async function pullRecordsRoute(
  app: FastifyInstance,
  { lanes }: { lanes: TokenLanes },
): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().get('/records', {
    // A page streams out in chunks, turn by turn with everyone's requests: ten pages of one
    // device at once took ten turns to another user's one. One device's pulls take turns.
    onRequest: async (request, reply) => lanes.enter(deviceLane(request), reply.raw),
    schema: {
      summary: "Records of all the user's logs after per-log points, in merged order",
      security: [{ deviceToken: [] }],
      querystring: pullQuerySchema,
      response: { 200: pullResultSchema, ...errorResponses },
    },
    handler: async (request, reply) => {
      const after = parseAfter(request.query.after);
      const scan = await PullScan.open(app.store, request.device.userId, {
        after,
        limit: request.query.limit,
      });
      return sendPullPage(reply, scan);
    },
  });
}
