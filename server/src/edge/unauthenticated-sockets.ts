import type { IncomingMessage, Server } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.js';
import { answerOnSocket } from './client-errors.js';

/** What the server knows of one socket that has not yet carried an authenticated request. */
interface Pending {
  timer: NodeJS.Timeout;
  /** The socket's request being answered, if any (its headers are in). */
  request: IncomingMessage | undefined;
}

const pending = new WeakMap<Socket, Pending>();

/**
 * A socket has this long to carry a request that authenticates (a device token, the console's
 * credential); until then it is a stranger's, and strangers' sockets are what an attacker with
 * a few addresses uses to hold the server's connection cap. Past it, a request still arriving is
 * answered 408 and the socket closed; a stranger's answered request closes its socket too
 * (`Connection: close`), so an unauthenticated socket never idles in keep-alive. Authenticated
 * sockets keep the usual timeouts (REQUEST_TIMEOUT_MS, the 65 s keep-alive, streams uncut).
 */
export function limitUnauthenticatedSockets(app: FastifyInstance, deadlineMs: number): void {
  const server: Server = app.server;
  server.on('connection', (socket: Socket) => {
    const entry: Pending = {
      timer: setTimeout(() => expire(socket, entry), deadlineMs),
      request: undefined,
    };
    entry.timer.unref();
    pending.set(socket, entry);
    socket.once('close', () => {
      clearTimeout(entry.timer);
      pending.delete(socket);
    });
  });
  server.on('request', (request: IncomingMessage) => {
    const entry = pending.get(request.socket as Socket);
    if (entry !== undefined) entry.request = request;
  });
  app.addHook('onSend', async (request, reply) => {
    if (pending.has(request.raw.socket as Socket)) reply.header('connection', 'close');
  });
}

/**
 * The deadline passed without authentication: a request that arrived whole is left to its
 * answer (which closes the socket); anything else — nothing sent, headers or a body still
 * dripping — is a 408 and the socket is closed.
 */
function expire(socket: Socket, entry: Pending): void {
  if (pending.get(socket) !== entry || socket.destroyed) return;
  if (entry.request?.complete) return;
  answerOnSocket(
    socket,
    new AppError(
      'request_timeout',
      'The request did not arrive in time; send headers and body at once.',
    ),
  );
}

/** A request on `socket` authenticated: from now on it keeps the usual timeouts. */
export function markAuthenticated(socket: Socket): void {
  const entry = pending.get(socket);
  if (entry === undefined) return;
  clearTimeout(entry.timer);
  pending.delete(socket);
}
