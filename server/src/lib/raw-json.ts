import type { FastifyReply } from 'fastify';

/**
 * Sends JSON text built by hand (pulls splice stored canonical JSON together). Fastify sends a
 * string with a JSON content type as is, so the route's response schema documents the shape
 * without re-serializing a page of records.
 */
export function sendJsonText(reply: FastifyReply, text: string): FastifyReply {
  return reply.type('application/json; charset=utf-8').send(text);
}
