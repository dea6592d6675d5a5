import type { FastifyRequest } from 'fastify';

/** The token of `Authorization: Bearer <token>`, or undefined when the header is missing or malformed. */
export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer +([\x21-\x7e]{1,512})\s*$/i.exec(header);
  return match?.[1];
}
