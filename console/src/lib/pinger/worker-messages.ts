// What the pinger's service worker tells open pinger pages (a module of its own, so the page
// takes these names without the worker's code).

/** `{ type, ping }`: an answer was stored from a notification's action; show it and send it. */
export const ANSWERED_MESSAGE = 'tagtime-pinger:answered';

export const PINGER_PATH = '/pinger';

/**
 * Where a ping's notification opens: the pinger, asking about that ping (the page reads the
 * fragment; a fragment keeps the one cached copy of the page the right one offline).
 */
export const pingerAt = (ping: number) => `${PINGER_PATH}#ping=${ping}`;

/** The ping a `#ping=<unix seconds>` fragment names. */
export function pingOfHash(hash: string): number | undefined {
  const match = /^#ping=(\d{1,12})$/.exec(hash);
  return match ? Number(match[1]) : undefined;
}
