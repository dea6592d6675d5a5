/**
 * What the pinger's service worker does with a Web Push and with a tap on a ping's
 * notification, written against the few worker APIs it uses so it runs in tests as well
 * (sw/pinger-sw.ts wires it to the real worker).
 */
import { SyncClient } from '@tagtime/client';
import { IdbStore } from '@tagtime/web-store';
import { appendAnswer } from './answers';
import type { KeptDevice } from './pairing';
import {
  PING_TITLE,
  type PingNotificationData,
  pingNotificationWithTags,
  tagOf,
  tagOfAction,
} from './ping-notification';
import { parsePingPush } from './push-message';
import { forgetPushOwner, pushOwner } from './push-owner';
import { registerSubscription } from './push-routes';
import { DEVICE } from './snapshot';
import { ANSWERED_MESSAGE, PINGER_PATH, pingerAt } from './worker-messages';

export interface WindowLike {
  readonly url: string;
  focus(): Promise<unknown>;
  navigate(url: string): Promise<unknown>;
  postMessage(message: unknown): void;
}

export interface WorkerSide {
  registration: {
    showNotification(title: string, options: NotificationOptions): Promise<void>;
    getNotifications(filter?: { tag?: string }): Promise<Array<{ tag: string; close(): void }>>;
  };
  clients: {
    matchAll(options: {
      type: 'window';
      includeUncontrolled: true;
    }): Promise<readonly WindowLike[]>;
    openWindow(url: string): Promise<unknown>;
  };
  /** `Notification.maxActions` of this browser (0 where notifications have no actions). */
  maxActions: number;
}

/**
 * A push: closes the notifications of pings answered since, then shows the pushed ping's (its
 * tag replaces an earlier one of the same ping). Every push shows something, as browsers
 * require: a message this worker cannot read still says the pinger has news.
 */
export async function showPingPush(text: string | undefined, side: WorkerSide): Promise<void> {
  const push = parsePingPush(text);
  if (!push) {
    await side.registration.showNotification('TagTime', {
      tag: 'tagtime-push',
      body: 'Open the pinger to see the pings waiting.',
      data: {},
    });
    return;
  }
  const answered = new Set(push.answered.map(tagOf));
  for (const notification of await side.registration.getNotifications()) {
    if (answered.has(notification.tag)) notification.close();
  }
  const { title, options } = pingNotificationWithTags(push.ping, push.tags, side.maxActions);
  await side.registration.showNotification(title, options);
}

async function pingerWindows(side: WorkerSide): Promise<WindowLike[]> {
  const windows = await side.clients.matchAll({ type: 'window', includeUncontrolled: true });
  return windows.filter((window) => new URL(window.url).pathname === PINGER_PATH);
}

/** Brings an open pinger forward at `ping`, or opens one there. */
async function showPinger(ping: number | undefined, side: WorkerSide): Promise<'opened'> {
  const [open] = await pingerWindows(side);
  if (open) {
    await open.focus();
    // A page the worker does not control (opened before it ran) cannot be navigated by it: it
    // stays as it is, at its own question.
    if (ping !== undefined) {
      await open
        .navigate(pingerAt(ping))
        .catch((error: unknown) => console.warn('[pinger-sw] the open pinger stays put', error));
    }
  } else {
    await side.clients.openWindow(ping === undefined ? PINGER_PATH : pingerAt(ping));
  }
  return 'opened';
}

/**
 * A tap on a ping's notification. On one of its tag actions the answer goes into the pinger's
 * own store, by the page's rules (`appendAnswer`), and then out: open pinger pages are asked to
 * sync, and with none open the worker sends it itself (offline, it waits in the store for the
 * next open). A browser not paired yet has no device log to write: the pinger opens instead,
 * as it does for a tap on the notification itself.
 */
export async function answerFromNotification(
  action: string,
  data: unknown,
  side: WorkerSide,
): Promise<'answered' | 'opened'> {
  const ping = (data as Partial<PingNotificationData> | null)?.ping;
  const tag = tagOfAction(action, data);
  if (typeof ping !== 'number' || tag === undefined) {
    return showPinger(typeof ping === 'number' ? ping : undefined, side);
  }
  try {
    return await answerInto(await pushOwner(), ping, tag, side);
  } catch (error) {
    // The answer was not kept (storage refused it): the notification is gone, so say so in one
    // that opens the pinger to answer there.
    await side.registration.showNotification(PING_TITLE, {
      tag: tagOf(ping),
      body: `“${tag}” was not kept (${error instanceof Error ? error.message : String(error)}). Tap to answer in the pinger.`,
      data: { ping } satisfies PingNotificationData,
    });
    throw error;
  }
}

async function answerInto(
  name: string | undefined,
  ping: number,
  tag: string,
  side: WorkerSide,
): Promise<'answered' | 'opened'> {
  if (!name) return showPinger(ping, side);
  const store = await IdbStore.open(name);
  try {
    const device = await store.getSetting<KeptDevice>(DEVICE);
    if (!device) return await showPinger(ping, side);
    const client = new SyncClient({
      device: device.deviceId,
      store,
      server: { url: device.server, token: device.token },
    });
    await appendAnswer(store, client, [ping], [tag]);
    const windows = await pingerWindows(side);
    for (const window of windows) window.postMessage({ type: ANSWERED_MESSAGE, ping });
    if (windows.length === 0) await sendQuietly(client);
    return 'answered';
  } finally {
    store.close();
  }
}

/** Sends the answer now if the network allows; kept in the store otherwise, for the next sync. */
async function sendQuietly(client: SyncClient): Promise<void> {
  try {
    await client.push();
  } catch (error) {
    console.warn('[pinger-sw] the answer is stored; it is sent at the next sync', error);
  }
}

/** What the renewal uses of the worker's push manager and of the subscriptions it gives. */
export interface RenewablePush {
  subscribe(options: {
    userVisibleOnly: true;
    applicationServerKey: ArrayBuffer;
  }): Promise<{ toJSON(): unknown }>;
}

/**
 * The browser replaced or dropped the subscription (`pushsubscriptionchange`: a push service
 * may rotate one): the new one, or one made again with the old one's key, is registered as the
 * device's, or the server's pushes would go to an endpoint that no longer exists. Without a
 * paired pinger to ring for, or a key to subscribe with, the browser side forgets it; the pinger
 * then says "off" and it can be turned on again.
 */
export async function renewSubscription(
  renewed: { toJSON(): unknown } | null,
  oldKey: ArrayBuffer | null | undefined,
  pushManager: RenewablePush,
): Promise<'renewed' | 'forgotten'> {
  const name = await pushOwner();
  if (!name) return 'forgotten';
  const store = await IdbStore.open(name);
  let device: KeptDevice | undefined;
  try {
    device = await store.getSetting<KeptDevice>(DEVICE);
  } finally {
    store.close();
  }
  const subscription =
    renewed ??
    (oldKey
      ? await pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: oldKey })
      : null);
  if (!device || !subscription) {
    await forgetPushOwner();
    return 'forgotten';
  }
  await registerSubscription(device, subscription.toJSON());
  return 'renewed';
}
