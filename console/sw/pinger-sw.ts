// The web pinger's service worker (Serwist), built by the route in src/app/serwist/[path]: it
// keeps the pinger working with no network once loaded, shows the log server's Web Push at
// each ping (the pinger closed or not), and answers a ping from its notification's actions.
//
// The console's pages carry a per-request CSP nonce, so the pinger's HTML cannot be precached
// at build time: it is cached as it is served, each copy with the CSP header its own scripts'
// nonce matches, so a copy served from the cache runs under its own policy. The kept copy is
// served at once and fetched again behind it (stale-while-revalidate): the page is a shell
// whose content comes from IndexedDB, so a load never waits on the network. The build's hashed
// scripts and styles are precached. A signed-out answer (a redirect) drops the copy and is not
// kept; signing out or in (src/lib/pinger/service-worker.ts) drops it too, so a copy never
// outlives the session that loaded it nor opens for another person.
import type { PrecacheEntry, SerwistGlobalConfig, SerwistPlugin } from 'serwist';
import { CacheFirst, ExpirationPlugin, Serwist, StaleWhileRevalidate } from 'serwist';
import { maxNotificationActions } from '../src/lib/pinger/ping-notification';
import {
  answerFromNotification,
  renewSubscription,
  showPingPush,
  type WorkerSide,
} from '../src/lib/pinger/push-worker';

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
  // Only the page itself is kept: not a redirect (status 0 when opaque) nor an error page.
  cacheWillUpdate: async ({ response }) =>
    response.status === 200 && response.type === 'basic' ? response : null,
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
      handler: new StaleWhileRevalidate({
        cacheName: SHELL_CACHE,
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

const side: WorkerSide = {
  registration: self.registration,
  clients: self.clients,
  maxActions: maxNotificationActions(),
};

/** A Web Push at a ping (the log server's, see src/lib/pinger/push-message.ts). */
self.addEventListener('push', (event) => {
  event.waitUntil(showPingPush(event.data?.text(), side));
});

/**
 * A tap on a ping's notification: on a tag's action, the answer (stored here, then sent);
 * otherwise the pinger, brought forward or opened at that ping.
 */
self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  event.waitUntil(answerFromNotification(event.action, event.notification.data, side));
});

/** The browser renewed or dropped the push subscription: register the new one (push-worker.ts). */
self.addEventListener('pushsubscriptionchange', (event) => {
  const change = event as Event & {
    newSubscription?: PushSubscription | null;
    oldSubscription?: PushSubscription | null;
  };
  (event as ExtendableEvent).waitUntil(
    renewSubscription(
      change.newSubscription ?? null,
      change.oldSubscription?.options.applicationServerKey,
      self.registration.pushManager,
    ),
  );
});
