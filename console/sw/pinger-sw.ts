// The web pinger's service worker (Serwist), built by the route in src/app/serwist/[path]: it
// keeps the pinger working with no network once loaded, and lets notifications open it.
//
// The console's pages carry a per-request CSP nonce, so the pinger's HTML cannot be precached
// at build time: it is cached as it is served (NetworkFirst, 3 s), each copy with the CSP
// header its own scripts' nonce matches, so a copy served offline runs under its own policy.
// The build's hashed scripts and styles are precached; sign-out (the page answering with a
// redirect) drops the cached page, so it never outlives the session that loaded it.
import type { PrecacheEntry, SerwistGlobalConfig, SerwistPlugin } from 'serwist';
import { CacheFirst, ExpirationPlugin, NetworkFirst, Serwist } from 'serwist';

declare global {
  interface WorkerGlobalScope extends SerwistGlobalConfig {
    __SW_MANIFEST: (PrecacheEntry | string)[] | undefined;
  }
}
declare const self: ServiceWorkerGlobalScope;

const PINGER = '/pinger';
const SHELL_CACHE = 'pinger-shell';

/** A page that answers with a redirect (signed out) is no page to keep: forget the copy. */
const forgetWhenSignedOut: SerwistPlugin = {
  fetchDidSucceed: async ({ request, response }) => {
    if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
      await (await caches.open(SHELL_CACHE)).delete(request.url);
    }
    return response;
  },
};

const serwist = new Serwist({
  precacheEntries: self.__SW_MANIFEST,
  precacheOptions: { cleanupOutdatedCaches: true },
  skipWaiting: true,
  clientsClaim: true,
  runtimeCaching: [
    {
      matcher: ({ url, request, sameOrigin }) =>
        sameOrigin && url.pathname === PINGER && !request.headers.has('RSC'),
      handler: new NetworkFirst({
        cacheName: SHELL_CACHE,
        networkTimeoutSeconds: 3,
        plugins: [forgetWhenSignedOut, new ExpirationPlugin({ maxEntries: 2 })],
      }),
    },
    {
      // Hashed build files: a name never changes its content.
      matcher: ({ url, sameOrigin }) => sameOrigin && url.pathname.startsWith('/_next/static/'),
      handler: new CacheFirst({
        cacheName: 'pinger-static',
        plugins: [new ExpirationPlugin({ maxEntries: 200, maxAgeSeconds: 90 * 86_400 })],
      }),
    },
  ],
});
serwist.addEventListeners();

/** A tap on a ping's notification brings the pinger forward (or opens it). */
self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
      const open = windows.find((client) => new URL(client.url).pathname === PINGER);
      if (open) await open.focus();
      else await self.clients.openWindow(PINGER);
    })(),
  );
});
