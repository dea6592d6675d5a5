import {
  type IncomingMessage,
  maxHeaderSize,
  type Server,
  type ServerResponse,
  STATUS_CODES,
} from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, errorBody } from '../errors.js';
import { toAppError } from '../plugins/app/errors.js';

/**
 * Answers on a raw socket, where Node refused the request before Fastify made one (bad framing,
 * oversized headers, a request that did not arrive in time), and closes it once written.
 */
export function answerOnSocket(socket: Duplex, error: AppError): void {
  if (socket.destroyed) return;
  // Node's own rule (lib/_http_server.js): only when no answer has begun on this socket.
  const inProgress = (socket as { _httpMessage?: ServerResponse })._httpMessage;
  if (!socket.writable || inProgress?.headersSent) {
    socket.destroy();
    return;
  }
  const body = JSON.stringify(errorBody(error));
  const head = [
    `HTTP/1.1 ${error.status} ${STATUS_CODES[error.status] ?? 'Error'}`,
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
  ].join('\r\n');
  socket.end(`${head}\r\n\r\n${body}`, () => socket.destroy());
}

/** What Node's parser or its timers refused, as our error. */
export function clientError(error: { code?: string }): AppError {
  switch (error.code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new AppError(
        'request_timeout',
        'The request did not arrive in time; send headers and body at once.',
      );
    case 'HPE_HEADER_OVERFLOW':
      return new AppError(
        'headers_too_large',
        `The request line and headers are over ${maxHeaderSize / 1024} KiB.`,
      );
    case 'HPE_INVALID_METHOD':
      return new AppError('method_not_allowed', 'The HTTP method is not one this server knows.');
    default:
      return new AppError('malformed_request', 'The request is not valid HTTP/1.1.');
  }
}

/** Fastify's `clientErrorHandler`: every answer, even to broken HTTP, is `{ error: {…} }`. */
export function clientErrorHandler(
  this: FastifyInstance,
  error: Error & { code?: string },
  socket: Duplex,
): void {
  // A reset connection has nobody left to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  this.log.debug({ err: error }, 'client error');
  answerOnSocket(socket, clientError(error));
}

/** Fastify's `frameworkErrors`: bad %-escapes, over-long path parameters, constraint errors. */
export function frameworkErrors(
  error: FastifyError,
  _request: FastifyRequest,
  reply: FastifyReply,
): void {
  const appError = toAppError(error);
  reply.code(appError.status).type('application/json; charset=utf-8').send(errorBody(appError));
}

/**
 * Answers, in the error shape, the two requests Node's HTTP server handles without Fastify:
 * `CONNECT` (no 'connect' listener: Node closes the socket without a word) and an `Expect`
 * other than `100-continue` (Node writes a bare 417 of its own).
 */
export function answerUnroutedRequests(server: Server): void {
  server.on('connect', (_request: IncomingMessage, socket: Duplex) => {
    socket.on('error', () => {});
    answerOnSocket(
      socket,
      new AppError('method_not_allowed', 'CONNECT is not served here; this is not a proxy.'),
    );
  });
  server.on('checkExpectation', (request: IncomingMessage, response: ServerResponse) => {
    const error = new AppError(
      'expectation_failed',
      `Expect ${JSON.stringify((request.headers.expect ?? '').slice(0, 40))} is not supported; send the request without it (or with Expect: 100-continue).`,
    );
    const body = JSON.stringify(errorBody(error));
    response.writeHead(error.status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(body),
      connection: 'close',
    });
    response.end(body);
  });
}
