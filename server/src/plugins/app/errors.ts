import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { AppError, type AppErrorCode, errorBody } from '../../errors.js';
import { StorageFailure } from '../../store/storage-failure.js';

/** Fastify's own client errors, by code, as our codes and safe sentences. */
const FASTIFY_ERRORS: Record<string, [AppErrorCode, string]> = {
  FST_ERR_CTP_INVALID_JSON_BODY: ['invalid_json', 'The body is not valid JSON.'],
  FST_ERR_CTP_EMPTY_JSON_BODY: ['invalid_json', 'The body is empty; send a JSON object.'],
  FST_ERR_CTP_BODY_TOO_LARGE: ['payload_too_large', 'The body is larger than this call allows.'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: ['unsupported_media_type', 'Send the body as application/json.'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [
    'invalid_input',
    'The Content-Length header does not match the body.',
  ],
  FST_ERR_CTP_INVALID_TYPE: ['unsupported_media_type', 'Send the body as application/json.'],
  FST_ERR_BAD_URL: ['invalid_input', 'The URL is malformed (a bad %-escape?).'],
  FST_ERR_MAX_PARAM_LENGTH: ['uri_too_long', 'A path segment of the URL is too long.'],
  FST_ERR_ASYNC_CONSTRAINT: ['invalid_input', 'The request does not fit this route.'],
};

/** Codes of the MariaDB driver (mysql2) and the network that mean "the database is out of reach". */
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
]);

/**
 * Whether an error (or a cause it wraps: Drizzle wraps driver errors) says MariaDB cannot be
 * reached; mysql2 marks connection-level errors `fatal`.
 */
export function isDatabaseUnreachable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const { code, fatal } = current as { code?: unknown; fatal?: unknown };
    if (fatal === true || (typeof code === 'string' && UNREACHABLE.has(code))) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** Converts anything thrown into an AppError; unknown errors become a 500 `internal`. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (isDatabaseUnreachable(error)) {
    return new AppError('unavailable', 'The database cannot be reached right now; retry shortly.');
  }
  if (error instanceof StorageFailure) {
    return error.full
      ? new AppError(
          'insufficient_storage',
          "The server's storage is full; nothing was stored. Keep the records and retry later.",
        )
      : new AppError(
          'unavailable',
          'The server could not store the records; nothing was stored. Retry shortly.',
        );
  }
  const fastifyError = error as Partial<FastifyError> & { validation?: unknown[] };
  if (fastifyError.validation && fastifyError.statusCode === 400) {
    return new AppError('invalid_input', validationSentence(fastifyError));
  }
  const known = fastifyError.code ? FASTIFY_ERRORS[fastifyError.code] : undefined;
  if (known) return new AppError(known[0], known[1]);
  const status = fastifyError.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    if (status === 413) return new AppError('payload_too_large', 'The request is too large.');
    if (status === 429) return new AppError('rate_limited', 'Too many requests; slow down.');
    if (status === 415) return new AppError('unsupported_media_type', 'Send application/json.');
    return new AppError('invalid_input', 'The request is malformed.');
  }
  return new AppError('internal', 'Something went wrong on the server; it was logged.');
}

function validationSentence(error: Partial<FastifyError> & { validation?: unknown[] }): string {
  // The message fastify builds from the schema issue names the field and the rule, and echoes
  // no stored data: `querystring/limit Too big: expected number to be <=10000`.
  const message = typeof error.message === 'string' ? error.message : 'invalid input';
  return message.length > 500 ? `${message.slice(0, 500)}…` : message;
}

/** One error handler and one not-found handler: every error answer is `{ error: {…} }`. */
async function errors(app: FastifyInstance): Promise<void> {
  app.setErrorHandler((error, request, reply) => {
    const appError = toAppError(error);
    if (appError.status >= 500) request.log.error({ err: error }, 'request failed');
    reply.code(appError.status).type('application/json').send(errorBody(appError));
  });
  app.setNotFoundHandler((request, reply) => {
    const path = (request.url.split('?')[0] ?? '').slice(0, 200);
    const error = new AppError('not_found', `No route ${request.method} ${path}.`);
    reply.code(error.status).type('application/json').send(errorBody(error));
  });
}

export default fp(errors, { name: 'errors' });
