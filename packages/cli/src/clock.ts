/**
 * The CLI's wall clock in ms. `TAGTIME_NOW` (unix seconds) makes it start at that moment and run
 * on at normal speed — for demos and for tests that need a ping to arrive within seconds.
 */
export function makeClock(env: NodeJS.ProcessEnv = process.env): () => number {
  const text = env.TAGTIME_NOW;
  if (!text) return () => Date.now();
  const start = Number(text);
  if (!Number.isSafeInteger(start) || start < 0) {
    throw new Error(`TAGTIME_NOW must be a whole number of unix seconds, got "${text}"`);
  }
  const startedAt = Date.now();
  return () => start * 1000 + (Date.now() - startedAt);
}

export const seconds = (ms: number): number => Math.floor(ms / 1000);
