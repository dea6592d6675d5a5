/**
 * Ringing while the pinger is open: a notification per open ping through the service worker
 * (so it shows even when the tab is in the background, and on Android where `new Notification`
 * is not allowed), and the pending count in the tab title. A ping answered anywhere closes its
 * notification as soon as the answer is here.
 */

const TITLE = 'Pinger · TagTime Data';
const tagOf = (ping: number) => `tagtime-ping-${ping}`;

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
export async function ring(ping: number, at: string): Promise<void> {
  if (!canRing()) return;
  const options: NotificationOptions = {
    tag: tagOf(ping),
    body: `Ping at ${at}: what are you doing right now?`,
    requireInteraction: true,
    data: { ping },
  };
  const worker = await registration();
  if (worker) await worker.showNotification('TagTime ping', options);
  else new Notification('TagTime ping', options);
}

/** Closes the notifications of pings that are no longer open (answered here or elsewhere). */
export async function closeAnswered(open: readonly number[]): Promise<void> {
  const worker = await registration();
  if (!worker) return;
  const still = new Set(open.map(tagOf));
  for (const notification of await worker.getNotifications()) {
    if (notification.tag.startsWith('tagtime-ping-') && !still.has(notification.tag)) {
      notification.close();
    }
  }
}
