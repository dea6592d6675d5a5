/** Where the pinger's service worker is served (src/app/serwist/[path]) and what it controls. */
export const SERVICE_WORKER_URL = '/serwist/sw.js';
export const PINGER_SCOPE = '/pinger';

/**
 * Registers the pinger's service worker for its own scope and, once it runs, hands it this
 * page and every script and style the page loaded, so the first visit is already enough to
 * open the pinger offline (before the worker ran, nothing went through it).
 */
export async function registerPingerWorker(): Promise<void> {
  if (!('serviceWorker' in navigator)) return;
  await navigator.serviceWorker.register(SERVICE_WORKER_URL, {
    scope: PINGER_SCOPE,
    type: 'module',
  });
  const ready = await navigator.serviceWorker.ready;
  const loaded = performance
    .getEntriesByType('resource')
    .map((entry) => entry.name)
    .filter((url) => new URL(url).origin === location.origin && url.includes('/_next/static/'));
  ready.active?.postMessage({
    type: 'CACHE_URLS',
    payload: { urlsToCache: [location.pathname, ...loaded] },
  });
}

/** The service worker's cache of the pinger page (sw/pinger-sw.ts names it the same). */
const SHELL_CACHE = 'pinger-shell';

/**
 * Drops the cached pinger page at sign-out, so no one opens it offline afterwards on this
 * browser. The IndexedDB log stays: answers not sent yet must never be lost, and they are sent
 * when the same person opens the pinger again.
 */
export async function forgetPingerShell(): Promise<void> {
  if (typeof caches === 'undefined') return;
  // A browser that refuses Cache Storage here (private modes do) kept no page to drop; sign-in
  // and sign-out must go on either way.
  await caches.delete(SHELL_CACHE).catch(() => false);
}

/**
 * Ends this browser's Web Push subscription at sign-out, so no notification shows the
 * signed-out person's tags to whoever uses the browser next; the log server drops it at its
 * next push (the push service answers 410). The person turns ringing on again after signing in.
 */
export async function endPushSubscription(): Promise<void> {
  if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
  try {
    const registration = await navigator.serviceWorker.getRegistration(PINGER_SCOPE);
    const subscription = await registration?.pushManager?.getSubscription();
    await subscription?.unsubscribe();
  } catch (error) {
    // Signing out goes on; the subscription then ends at the next "ring me when closed".
    console.error('[pinger] the push subscription could not be ended at sign-out', error);
  }
}
