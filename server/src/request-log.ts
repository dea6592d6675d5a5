import { type FastifyReply, type FastifyRequest, LogController } from 'fastify';

/**
 * One log line per request, at its end: `GET /v1/heads 200 1.2 ms` (Fastify's default is two
 * JSON objects, one when it arrives and one when it is answered).
 */
export class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    const path = request.url.length > 200 ? `${request.url.slice(0, 200)}…` : request.url;
    const line = `${request.method} ${path} ${reply.statusCode} ${reply.elapsedTime.toFixed(1)} ms`;
    if (error) reply.log.error({ err: error }, line);
    else reply.log.info(line);
  }
}
