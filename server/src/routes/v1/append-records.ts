import type { IncomingMessage } from 'node:http';
import { LIMITS, type LogRecord, validateBatch } from '@tagtime/log';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { BatchShapeStream } from '../../edge/batch-shape.js';
import { useDepthScan } from '../../edge/json-body.js';
import { deviceLane, type TokenLanes } from '../../edge/token-lanes.js';
import { AppError } from '../../errors.js';
import { appendResultSchema, batchDoc, errorResponses } from '../../schemas.js';

/**
 * A batch is at most LIMITS.batchBytes of canonical JSON, which is what a client's
 * JSON.stringify sends; the slack is for whitespace and escapes. Not more: every byte read is
 * parsed, so slack here is CPU a stranger can spend.
 */
const BODY_LIMIT = LIMITS.batchBytes + 64 * 1024;

/** Turns validateBatch's verdict into the route's body validation (400, or 413 for sizes). */
function batchValidator() {
  return (body: unknown) => {
    // `now` bounds `t` to the present (MAX_FUTURE_MS): a record from the far future would end
    // the log's growth, since every later record must come after it.
    const result = validateBatch(body, { now: Date.now() });
    if (result.ok) return { value: { records: result.records, json: result.json } };
    const { code, message, index, path } = result.error;
    // Every validation code of @tagtime/log is also an AppError code with its status.
    return { error: new AppError(code, message, { index, path }) };
  };
}

/** The body scan of each request in progress, for the CPU its parse and validation took. */
const scans = new WeakMap<FastifyRequest, BatchShapeStream>();

/**
 * Reads the body through a BatchShapeStream: a batch that cannot be valid is refused while it
 * arrives, before JSON.parse. The rest of a refused body is not read at all (reading a megabyte
 * only to drop it cost more than the scan): the answer says `Connection: close`, and the
 * connection ends once it is written.
 */
function scanBody(request: FastifyRequest, payload: IncomingMessage): BatchShapeStream {
  const scan = new BatchShapeStream();
  scans.set(request, scan);
  // The scan follows the nesting too: the JSON parser need not read the body for it again.
  useDepthScan(request, scan);
  payload.on('error', (error) => scan.destroy(error));
  scan.on('error', () => {
    payload.unpipe(scan);
    payload.pause();
  });
  return payload.pipe(scan);
}

/**
 * What a body refused by the scan costs its device's CPU share, besides the scan itself: the
 * request around it (connection, headers, token, answer) costs a few ms that the scan does not
 * see, and no working client sends such a body, so one that does is paced to a few a second
 * rather than hundreds.
 */
const REFUSED_BODY_CPU_MS = 10;

/** Charges the device's lane with what scanning, parsing and validating its body cost. */
function chargeParse(lanes: TokenLanes, request: FastifyRequest): void {
  const scan = scans.get(request);
  if (scan === undefined) return;
  let cpuMs = scan.takeCpuMs();
  if (scan.refused) {
    cpuMs += REFUSED_BODY_CPU_MS;
    scan.refused = false;
  }
  if (cpuMs > 0) lanes.charge(deviceLane(request), cpuMs);
}

/** Whether the scan stopped reading the body before its end. */
function cutShort(request: FastifyRequest): boolean {
  return scans.get(request)?.destroyed === true && !request.raw.complete;
}

export default async function appendRecords(
  app: FastifyInstance,
  { lanes }: { lanes: TokenLanes },
): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().post('/records', {
    bodyLimit: BODY_LIMIT,
    // One device's appends take turns (and a share of the CPU) before their bodies are read.
    onRequest: async (request, reply) => lanes.enter(deviceLane(request), reply.raw),
    preParsing: async (request, _reply, payload) =>
      scanBody(request, payload as unknown as IncomingMessage),
    preHandler: async (request) => chargeParse(lanes, request),
    // A refused body never reaches preHandler; its parse and validation are charged here.
    onSend: async (request, reply) => {
      if (cutShort(request)) reply.header('connection', 'close');
      chargeParse(lanes, request);
    },
    validatorCompiler: ({ httpPart }) => {
      if (httpPart !== 'body') throw new Error(`no validator for ${httpPart}`);
      return batchValidator();
    },
    schema: {
      summary: "Append records to the caller's own log, all or none",
      security: [{ deviceToken: [] }],
      body: batchDoc,
      response: { 200: appendResultSchema, ...errorResponses },
    },
    handler: async (request) => {
      const { deviceId, userId } = request.device;
      // The validator put @tagtime/log's validated records there with their canonical JSON,
      // computed once and stored as it is; the zod type is only the doc's.
      const { records, json } = request.body as unknown as { records: LogRecord[]; json: string[] };
      for (let index = 0; index < records.length; index++) {
        const device = (records[index] as LogRecord).device;
        if (device !== deviceId) {
          throw new AppError(
            'forbidden',
            `records[${index}].device: this token belongs to device ${deviceId}, not ${device}`,
            { index, path: `records[${index}].device` },
          );
        }
      }
      const outcome = await app.store.append(userId, deviceId, records, json);
      if (!outcome.ok) {
        const { index, reason, t, head } = outcome.conflict;
        const why =
          reason === 'different_record'
            ? `a different record is already stored at t ${t}`
            : `t ${t} is before the log's head ${head} and no such record is stored`;
        throw new AppError('conflict', `records[${index}]: ${why}; nothing was stored`, {
          index,
          path: `records[${index}]`,
          reason,
          head,
        });
      }
      if (outcome.accepted > 0 && outcome.head !== null) {
        // The records are durable already: a lost notification only delays other devices
        // until their next pull or reconnect, so it is logged, not turned into an error.
        await app.notifier
          .publish(userId, { device: deviceId, head: outcome.head })
          .catch((error: unknown) => request.log.error({ err: error }, 'publish failed'));
      }
      return { accepted: outcome.accepted, duplicates: outcome.duplicates, head: outcome.head };
    },
  });
}
