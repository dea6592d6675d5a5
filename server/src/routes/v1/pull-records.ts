import { pipeline, Transform, type TransformCallback } from 'node:stream';
import { CursorError, parseCursor } from '@tagtime/log';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { deviceLane, type TokenLanes } from '../../edge/token-lanes.js';
import { AppError } from '../../errors.js';
import { PullPageStream } from '../../lib/raw-json.js';
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

/**
 * Passes a page's chunks on one event-loop turn each. A socket whose kernel buffer takes every
 * write at once (loopback, a fast client) never pushes back, and the page stream then wrote a
 * whole page of 10,000 records in one synchronous run while everyone else's requests waited.
 */
class OneChunkPerTurn extends Transform {
  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    setImmediate(done, null, chunk);
  }
}

/**
 * A page whose sending time is charged to its device's lane when it ends: the wall time from
 * its first chunk to its last, which is what it held of the server (reading, copying, the
 * socket's writes, and the client's reading on the same machine).
 */
class ChargedPage extends PullPageStream {
  private start: number | undefined;

  constructor(
    scan: PullScan,
    private readonly charge: (cpuMs: number) => void,
  ) {
    super(scan);
    this.once('close', () => {
      if (this.start !== undefined) this.charge(performance.now() - this.start);
    });
  }

  override _read(): void {
    this.start ??= performance.now();
    super._read();
  }
}

/** Sends a pull page as it is read (lib/raw-json.ts), a chunk per turn. */
function sendPage(reply: FastifyReply, scan: PullScan, charge: (cpuMs: number) => void) {
  // Destroying either end (the client left, the page deadline) closes the scan.
  const page = pipeline(new ChargedPage(scan, charge), new OneChunkPerTurn(), () => {});
  return reply.type('application/json; charset=utf-8').send(page);
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
      if (request.query.unsent !== undefined) {
        app.deviceAuth.reportUnsent(request.device.deviceId, request.query.unsent);
      }
      const scan = await PullScan.open(app.store, request.device.userId, {
        after,
        limit: request.query.limit,
      });
      const lane = deviceLane(request);
      return sendPage(reply, scan, (cpuMs) => lanes.charge(lane, cpuMs));
    },
  });
}
