// What the pinger's service worker tells open pinger pages (a module of its own, so the page
// takes these names without the worker's code).

/** An answer was stored from a notification's action: show it and send it. */
export const ANSWERED_MESSAGE = 'tagtime-pinger:answered';
/** A tap on a ping's notification: show that ping's question. */
export const SHOW_PING_MESSAGE = 'tagtime-pinger:show-ping';

export const PINGER_PATH = '/pinger';

/** Where a ping opens: the pinger, asking about that ping (the page reads the fragment). */
export const pingerAt = (ping: number) => `${PINGER_PATH}#ping=${ping}`;

/** The ping a `#ping=<unix seconds>` fragment names. */
export function pingOfHash(hash: string): number | undefined {
  const match = /^#ping=(\d{1,12})$/.exec(hash);
  return match ? Number(match[1]) : undefined;
}

/** The message's kind and ping, if it is one of the worker's. */
export function workerMessage(
  data: unknown,
): { type: typeof ANSWERED_MESSAGE | typeof SHOW_PING_MESSAGE; ping: number } | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const { type, ping } = data as Record<string, unknown>;
  if ((type === ANSWERED_MESSAGE || type === SHOW_PING_MESSAGE) && typeof ping === 'number') {
    return { type, ping };
  }
  return undefined;
}
