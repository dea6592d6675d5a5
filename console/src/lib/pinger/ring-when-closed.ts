/**
 * "Ring me when closed": this browser's Web Push subscription, registered at the log server as
 * its device's (`/v1/push/…`, with the device's token, directly as the pinger syncs), so the
 * server can wake it at each ping. Loaded on demand: no part of the pinger's first screen.
 */
import type { KeptDevice } from './pairing';
import { forgetPushOwner, pushOwner, rememberPushOwner } from './push-owner';
import { pushCall as call, errorOf, Offline, refused, registerSubscription } from './push-routes';
import { PINGER_SCOPE } from './service-worker';

export type PushSetting =
  | { state: 'unsupported' | 'server-off' | 'offline' | 'off' | 'on' | 'denied' }
  /** Stopped in this browser; `words` says what is left to happen. */
  | { state: 'failed'; words: string };

const WORKER_WAIT_MS = 10_000;

/** Whether this browser has what ringing when closed needs: a service worker and the Push API. */
export function pushSupported(): boolean {
  return (
    typeof navigator !== 'undefined' &&
    'serviceWorker' in navigator &&
    typeof PushManager !== 'undefined' &&
    typeof Notification !== 'undefined'
  );
}

/** Web Push is off at the log server (it has no VAPID keys). */
const pushOff = (status: number, json: Record<string, unknown> | undefined) =>
  status === 503 && errorOf(json).code === 'push_unavailable';

/**
 * The server's VAPID public key (undefined: Web Push is off there) and whether it holds a
 * subscription for this device, both from `GET /v1/push/subscription`.
 */
async function serverPush(
  device: KeptDevice,
): Promise<{ key: string | undefined; subscribed: boolean }> {
  const state = await call(device, 'GET', '/v1/push/subscription');
  if (pushOff(state.status, state.json)) return { key: undefined, subscribed: false };
  if (state.status !== 200 || typeof state.json?.publicKey !== 'string') {
    throw refused(state.status, state.json);
  }
  return { key: state.json.publicKey, subscribed: state.json.subscribed === true };
}

function fromBase64url(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

function sameKey(a: ArrayBuffer | null | undefined, b: Uint8Array): boolean {
  if (!a || a.byteLength !== b.length) return false;
  const bytes = new Uint8Array(a);
  return bytes.every((byte, i) => byte === b[i]);
}

async function pingerRegistration(): Promise<ServiceWorkerRegistration> {
  const registered = await navigator.serviceWorker.getRegistration(PINGER_SCOPE);
  if (registered?.active) return registered;
  return Promise.race([
    navigator.serviceWorker.ready,
    new Promise<never>((_, reject) =>
      setTimeout(
        () => reject(new Error('the pinger’s service worker is not running')),
        WORKER_WAIT_MS,
      ),
    ),
  ]);
}

const failedWith = (error: unknown): PushSetting =>
  error instanceof Offline
    ? { state: 'offline' }
    : { state: 'failed', words: `It could not be turned on: ${(error as Error).message}.` };

/** Where ringing when closed stands for `device` in this browser and at the log server. */
export async function readPushSetting(device: KeptDevice): Promise<PushSetting> {
  if (!pushSupported()) return { state: 'unsupported' };
  try {
    const [server, local] = await Promise.all([
      serverPush(device),
      navigator.serviceWorker
        .getRegistration(PINGER_SCOPE)
        .then((registration) => registration?.pushManager.getSubscription() ?? null),
    ]);
    if (server.key === undefined) return { state: 'server-off' };
    if (Notification.permission === 'denied') return { state: 'denied' };
    return local && server.subscribed ? { state: 'on' } : { state: 'off' };
  } catch (error) {
    return failedWith(error);
  }
}

/**
 * Asks for notifications, subscribes with the server's VAPID key (again, if the kept
 * subscription was made with another key) and registers the subscription as this device's.
 * A subscription the server did not take is dropped here too: the two never disagree for long.
 */
export async function turnOn(device: KeptDevice, storeName: string): Promise<PushSetting> {
  if (!pushSupported()) return { state: 'unsupported' };
  if ((await Notification.requestPermission()) !== 'granted') return { state: 'denied' };
  let subscription: PushSubscription;
  try {
    const { key } = await serverPush(device);
    if (key === undefined) return { state: 'server-off' };
    const applicationServerKey = fromBase64url(key);
    const registration = await pingerRegistration();
    let kept = await registration.pushManager.getSubscription();
    // One subscription per browser: one made with another key, or for another person's pinger
    // here, ends (its server drops it at the next push), so no push rings for the wrong log.
    const owner = await pushOwner();
    if (
      kept &&
      (!sameKey(kept.options.applicationServerKey, applicationServerKey) ||
        (owner !== undefined && owner !== storeName))
    ) {
      await kept.unsubscribe();
      kept = null;
    }
    try {
      subscription =
        kept ??
        (await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey }));
    } catch (error) {
      return {
        state: 'failed',
        words: `This browser’s push service did not give a subscription (${(error as Error).message}). Pings ring while the pinger is open.`,
      };
    }
  } catch (error) {
    return failedWith(error);
  }
  try {
    await registerSubscription(device, subscription.toJSON());
    await rememberPushOwner(storeName);
    return { state: 'on' };
  } catch (error) {
    await subscription.unsubscribe();
    return failedWith(error);
  }
}

/** Unsubscribes this browser and tells the log server, which drops the device's subscription. */
export async function turnOff(device: KeptDevice): Promise<PushSetting> {
  await forgetPush();
  try {
    const { status, json } = await call(device, 'DELETE', '/v1/push/subscription');
    if (status !== 200) throw refused(status, json);
    return { state: 'off' };
  } catch (error) {
    return {
      state: 'failed',
      words: `Stopped in this browser. The log server was not told (${error instanceof Offline ? 'offline' : (error as Error).message}); its next push finds the subscription ended and drops it.`,
    };
  }
}

/**
 * Forgets this browser's subscription, as after its device was revoked (the server dropped its
 * side with the device): no push can reach it, and no answer from a notification goes anywhere.
 */
export async function forgetPush(): Promise<void> {
  if (!pushSupported()) return;
  const registration = await navigator.serviceWorker.getRegistration(PINGER_SCOPE);
  await (await registration?.pushManager.getSubscription())?.unsubscribe();
  await forgetPushOwner();
}
