/**
 * Ringing while the pinger is open: a notification per open ping through the service worker
 * (so it shows even when the tab is in the background, and on Android where `new Notification`
 * is not allowed), and the pending count in the tab title. A ping answered anywhere closes its
 * notification as soon as the answer is here.
 */

import { PING_TAG_PREFIX, pingNotification, tagOf } from './ping-notification';

const TITLE = 'Pinger · TagTime Data';

async function registration(): Promise<ServiceWorkerRegistration | undefined> {
  if (!('serviceWorker' in navigator)) return undefined;
  return (await navigator.serviceWorker.getRegistration()) ?? undefined;
}

/** Whether notifications may be shown (asked once, by a button: browsers want a gesture). */
export function canRing(): boolean {
  return typeof Notification !== 'undefined' && Notification.permission === 'granted';
}

export async function askToRing(): Promise<boolean> {
  if (typeof Notification === 'undefined') return false;
  return (await Notification.requestPermission()) === 'granted';
}

/** Shows the count of open pings in the tab title. */
export function showPendingCount(open: number): void {
  document.title = open > 0 ? `(${open}) ${TITLE}` : TITLE;
}

/** Rings for `ping` unless a notification for it is up already. */
export async function ring(ping: number): Promise<void> {
  if (!canRing()) return;
  const { title, options } = pingNotification(ping);
  const worker = await registration();
  if (!worker) {
    new Notification(title, options);
    return;
  }
  // One a Web Push showed (with its tags as actions) stays as it is.
  if ((await worker.getNotifications({ tag: tagOf(ping) })).length > 0) return;
  await worker.showNotification(title, options);
}

/** Closes the notifications of pings that are no longer open (answered here or elsewhere). */
export async function closeAnswered(open: readonly number[]): Promise<void> {
  const worker = await registration();
  if (!worker) return;
  const still = new Set(open.map(tagOf));
  for (const notification of await worker.getNotifications()) {
    if (notification.tag.startsWith(PING_TAG_PREFIX) && !still.has(notification.tag)) {
      notification.close();
    }
  }
}
