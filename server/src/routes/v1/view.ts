import { type LogView, type PackedPingsJson, packedViewJson, tagSnapshot } from '@tagtime/log';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { deviceLane, type TokenLanes } from '../../edge/token-lanes.js';
import {
  errorResponses,
  viewResultSchema,
  viewTagsQuerySchema,
  viewTagsResultSchema,
} from '../../schemas.js';

/** `Server-Timing: app;dur=<ms>`: the server's time on the request until its answer is sent. */
async function serverTiming(_request: FastifyRequest, reply: FastifyReply): Promise<void> {
  reply.header('server-timing', `app;dur=${reply.elapsedTime.toFixed(2)}`);
}

/**
 * Each kept view's ping slots as sent, kept while they do not change: an error or event (every
 * sync ends with one) changes only the view's counts and heads, and the slots are nearly all of
 * a heavy user's answer (3.6 of 3.7 MB for 100,000 records). Held as long as the view is held
 * in memory; the text is a tenth of the view's own estimated size.
 */
const pingParts = new WeakMap<LogView, PackedPingsJson>();

/** `GET /v1/view`'s body for the view. */
function viewBody(view: LogView): Buffer {
  const { json, pings } = packedViewJson(view, pingParts.get(view));
  pingParts.set(view, pings);
  return Buffer.from(`{"view":${json}}`);
}

/**
 * The user's kept view (DESIGN.md, One view): read from the store, never folded per request. A
 * device's reads of it take turns with its pulls (the same lanes and CPU share).
 */
export default async function viewRoutes(
  app: FastifyInstance,
  { lanes }: { lanes: TokenLanes },
): Promise<void> {
  const enter = async (request: FastifyRequest, reply: FastifyReply) =>
    lanes.enter(deviceLane(request), reply.raw);
  /** Charges the device's lane with the time `read` took. */
  const charged = <T>(request: FastifyRequest, read: () => Promise<T>): Promise<T> => {
    const start = performance.now();
    return read().finally(() => lanes.charge(deviceLane(request), performance.now() - start));
  };

  // Not through the zod type provider: its answer is the packed state's JSON as bytes (sent as they
  // are, never serialized again); the schema documents it.
  app.get('/view', {
    onRequest: enter,
    onSend: serverTiming,
    schema: {
      summary: "The user's merged view: answers, renames, tags, config, error and event counts",
      security: [{ deviceToken: [] }],
      response: { 200: viewResultSchema, ...errorResponses },
    },
    handler: async (request, reply) => {
      // The answer's bytes are made once per change of the view and sent as they are.
      const body = await charged(request, () =>
        app.store.readView(request.device.userId, (kept) => kept.memo('GET /v1/view', viewBody)),
      );
      return reply.type('application/json; charset=utf-8').send(body);
    },
  });

  app.withTypeProvider<ZodTypeProvider>().get('/view/tags', {
    onRequest: enter,
    onSend: serverTiming,
    schema: {
      summary: "The watch's tag list: the user's tags ranked by frecency, and their renames",
      security: [{ deviceToken: [] }],
      querystring: viewTagsQuerySchema,
      response: { 200: viewTagsResultSchema, ...errorResponses },
    },
    handler: async (request) => {
      const asOf = request.query.asOf ?? Math.floor(Date.now() / 1000);
      const snapshot = await charged(request, () =>
        app.store.readView(request.device.userId, (kept) => tagSnapshot(kept.view, asOf)),
      );
      return { snapshot };
    },
  });
}
