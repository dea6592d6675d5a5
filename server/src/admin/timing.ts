import type { FastifyRequest } from 'fastify';

interface Timing {
  start: bigint;
  /** Time spent waiting for MariaDB (staff check, audit row, account lookups), in ms. */
  db: number;
}

const timings = new WeakMap<FastifyRequest, Timing>();

export function startTiming(request: FastifyRequest): void {
  timings.set(request, { start: process.hrtime.bigint(), db: 0 });
}

/** Runs a MariaDB step of a request, adding its time to the request's `db` share. */
export async function timeDb<T>(request: FastifyRequest, step: () => Promise<T>): Promise<T> {
  const started = process.hrtime.bigint();
  try {
    return await step();
  } finally {
    const timing = timings.get(request);
    if (timing) timing.db += Number(process.hrtime.bigint() - started) / 1e6;
  }
}

/**
 * `Server-Timing` of an admin answer: `app` the whole time in the server, `db` the MariaDB
 * share of it (the audit row is written before anything is read), so the rest is the store's.
 */
export function serverTiming(request: FastifyRequest): string | undefined {
  const timing = timings.get(request);
  if (timing === undefined) return undefined;
  const total = Number(process.hrtime.bigint() - timing.start) / 1e6;
  return `app;dur=${total.toFixed(2)}, db;dur=${timing.db.toFixed(2)}`;
}
