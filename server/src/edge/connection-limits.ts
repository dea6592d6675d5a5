import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { AppError } from '../errors.js';
import { answerOnSocket } from './client-errors.js';

export interface ConnectionLimits {
  /** Open connections one client address may hold; more are answered 429 and closed. */
  perAddress: number;
  /** Open connections in all; more are dropped by Node (`server.maxConnections`). */
  total: number;
}

/** File descriptors kept free for LMDB, the database pool, logs and NATS. */
const RESERVED_FILES = 256;

/**
 * The total connection cap by default: the process's open-file limit less a reserve, so
 * sockets can never take the descriptors the store and the database need (Linux; 1000 where
 * the limit cannot be read).
 */
export function defaultTotalConnections(): number {
  try {
    const limits = readFileSync('/proc/self/limits', 'utf8');
    const soft = Number(/^Max open files\s+(\d+)/m.exec(limits)?.[1]);
    if (Number.isSafeInteger(soft) && soft > RESERVED_FILES * 2) return soft - RESERVED_FILES;
  } catch {
    // not Linux: fall through
  }
  return 1000;
}

/**
 * Caps open connections per client address and in all. A refused socket gets a 429 in the
 * error shape and is closed without ever reaching the HTTP parser, so nothing it sends runs.
 * (Behind a reverse proxy every client has the proxy's address: cap per client there.)
 */
export function limitConnections(server: Server, limits: ConnectionLimits): void {
  server.maxConnections = limits.total;
  const open = new Map<string, number>();
  // Node's HTTP server handles a connection in its own 'connection' listener; run it only
  // for sockets within the limit.
  const handlers = server.listeners('connection') as ((socket: Socket) => void)[];
  server.removeAllListeners('connection');
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? '';
    const count = (open.get(address) ?? 0) + 1;
    if (count > limits.perAddress) {
      socket.on('error', () => {});
      answerOnSocket(
        socket,
        new AppError(
          'too_many_connections',
          `At most ${limits.perAddress} open connections per address; close some and retry.`,
        ),
      );
      return;
    }
    open.set(address, count);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left <= 0) open.delete(address);
      else open.set(address, left);
    });
    for (const handler of handlers) handler.call(server, socket);
  });
}
