import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponses } from '../../schemas.js';
import type { SseConnection } from '../../stream/sse.js';

export default async function streamRoute(app: FastifyInstance): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().get('/stream', {
    schema: {
      summary: 'Server-Sent Events: `event: log` with `{ device, head }` each time a log grows',
      description:
        'Starts with one event per log carrying its current head (the catch-up after a reconnect), then live events; `: heartbeat` comments keep the connection alive.',
      security: [{ deviceToken: [] }],
      response: { ...errorResponses, 429: errorResponses[429] },
    },
    handler: async (request, reply) => {
      const { userId, deviceId } = request.device;
      const release = await app.streamLimits.admit(userId, deviceId);
      // Declared first: onEnd may run before stream() returns (the client left early).
      let stream: SseConnection | undefined;
      stream = await app.streams.stream(request, reply, {
        userId,
        heads: () => app.store.heads(userId),
        onEnd: () => {
          release();
          if (stream !== undefined) app.revocations.unwatch(deviceId, stream);
        },
      });
      // A revoked device stops receiving the user's events within the auth cache's time.
      if (stream?.isOpen) app.revocations.watch(deviceId, stream);
    },
  });
}
