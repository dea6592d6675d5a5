// Pings that ring with the pinger open or closed: the log server sends a Web Push at the ping
// to the push service stand-in (real TLS, VAPID and aes128gcm, which it decrypts); the test hands
// the decrypted message to the pinger's real service worker in Chromium (CDP
// `ServiceWorker.deliverPushMessage`, as the browser's push service would), sees the
// notification with the person's top tags as buttons, and answers the ping through one — with
// the pinger open (which shows and sends it), then, the same message delivered again, with it
// closed (the worker sends it) — each answer stored once at the log server. Debian's Chromium
// cannot subscribe at a real push service (the spec shows that failure in words first), so the
// page's `PushManager.subscribe` then hands out a subscription the stand-in made; the pinger
// registers it at the log server with its device token through its own control.

import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page, Worker } from '@playwright/test';
import { createDevice, getPushSubscription } from '@tagtime/db';
import { prevPing } from '@tagtime/ping';
import { type PushService, startPushService } from '@tagtime/push-service';
import { AuthPages, newPerson } from '../pages/auth.js';
import { PingerPage } from '../pages/pinger.js';
import { createAccount, testDb } from '../support/db.js';
import {
  CONSOLE_URL,
  PUSH_CERTIFICATES_FILE,
  PUSH_PORT,
  SERVER_URL,
  VAPID_PUBLIC_KEY,
} from '../support/env.js';
import { expect, test } from '../support/test.js';

const SCREENS = 'test-results/screens';

/** What the test uses of the service worker's global scope (this project's types are DOM's). */
interface WorkerScope {
  registration: ServiceWorkerRegistration;
  NotificationEvent: new (
    type: string,
    init: { notification: Notification; action: string },
  ) => Event;
  dispatchEvent(event: Event): boolean;
}

let service: PushService;
test.beforeAll(async () => {
  service = await startPushService({
    port: PUSH_PORT,
    certificates: JSON.parse(readFileSync(PUSH_CERTIFICATES_FILE, 'utf8')),
  });
});
test.afterAll(() => service?.close());

/**
 * The browser's push service, in the test pages only: `subscribe` gives the stand-in's
 * subscription (kept in localStorage, so later pages see it), `unsubscribe` forgets it.
 */
function pushServiceStandIn(subscription: {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}) {
  const KEPT = 'e2e-push-subscription-key';
  const make = (key: number[]) => ({
    endpoint: subscription.endpoint,
    expirationTime: null,
    options: { userVisibleOnly: true, applicationServerKey: new Uint8Array(key).buffer },
    toJSON: () => ({ ...subscription, expirationTime: null }),
    unsubscribe: async () => {
      localStorage.removeItem(KEPT);
      return true;
    },
  });
  const manager = PushManager.prototype as unknown as Record<string, unknown>;
  manager.subscribe = async (options: { applicationServerKey: Uint8Array }) => {
    const key = [...new Uint8Array(options.applicationServerKey)];
    localStorage.setItem(KEPT, JSON.stringify(key));
    return make(key);
  };
  manager.getSubscription = async () => {
    const key = localStorage.getItem(KEPT);
    return key ? make(JSON.parse(key)) : null;
  };
}

/** A call of the sync protocol with a device's token. */
async function call(token: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${SERVER_URL}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, json: await response.json() };
}

/** The pinger's service worker registration id, from CDP (ServiceWorker domain). */
async function pingerRegistrationId(context: BrowserContext, page: Page) {
  const cdp = await context.newCDPSession(page);
  const id = new Promise<string>((resolve) => {
    cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
      const pinger = registrations.find((r) => !r.isDeleted && r.scopeURL.endsWith('/pinger'));
      if (pinger) resolve(pinger.registrationId);
    });
  });
  await cdp.send('ServiceWorker.enable');
  return { cdp, registrationId: await id };
}

/** The running service worker of the pinger (started again by a push if it had stopped). */
async function pingerWorker(context: BrowserContext): Promise<Worker> {
  await expect.poll(() => context.serviceWorkers().length, { timeout: 10_000 }).toBeGreaterThan(0);
  return context.serviceWorkers().at(-1) as Worker;
}

/** The worker's notifications of one tag, as a page reads them. */
function notificationsIn(worker: Worker, tag: string) {
  return worker.evaluate(async (tag) => {
    const scope = self as unknown as WorkerScope;
    return (await scope.registration.getNotifications({ tag })).map((n: Notification) => ({
      title: n.title,
      body: n.body,
      data: n.data,
      actions: (n as unknown as { actions: { action: string; title: string }[] }).actions,
    }));
  }, tag);
}

/**
 * A click on one of a notification's actions, dispatched in the worker as Chromium does (the
 * event's lifetime extended until its work is done, which this waits for).
 */
async function clickAction(worker: Worker, tag: string, action: string): Promise<void> {
  await worker.evaluate(
    async ({ tag, action }) => {
      const scope = self as unknown as WorkerScope;
      // Clicked as soon as it shows: an open pinger closes a notification of a ping it does
      // not ask about at its next look (every 5 s).
      let [shown] = await scope.registration.getNotifications({ tag });
      for (let waited = 0; !shown && waited < 5000; waited += 20) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        [shown] = await scope.registration.getNotifications({ tag });
      }
      if (!shown) throw new Error('no notification to click');
      const event = new scope.NotificationEvent('notificationclick', {
        notification: shown,
        action,
      });
      const work: Promise<unknown>[] = [];
      Object.defineProperty(event, 'waitUntil', { value: (p: Promise<unknown>) => work.push(p) });
      scope.dispatchEvent(event);
      await Promise.all(work);
    },
    { tag, action },
  );
}

/**
 * Delivers the message until the worker shows its notification, at most three times. Once, in
 * a loaded run, a delivery made just after the last pinger page closed showed nothing within
 * 10 s (the worker stopping then, perhaps; not established). A push service delivers again as
 * well, and the worker's tag per ping makes a second delivery the same notification; a retry
 * is printed.
 */
async function deliverUntilShown(
  context: BrowserContext,
  deliver: () => Promise<unknown>,
  tag: string,
): Promise<Worker> {
  for (let attempt = 1; ; attempt++) {
    await deliver();
    const worker = await pingerWorker(context);
    const shown = await expect
      .poll(async () => (await notificationsIn(worker, tag)).length, { timeout: 5_000 })
      .toBe(1)
      .then(
        () => true,
        () => false,
      );
    if (shown) return worker;
    if (attempt === 3)
      throw new Error(`the worker showed no notification after ${attempt} deliveries`);
    console.log(`push delivery ${attempt} to the worker showed nothing; delivering again`);
  }
}

test('a push at a ping rings, open or closed, and a tag on its notification answers it', async ({
  browser,
}) => {
  const person = newPerson('Pushed');
  const user = await createAccount(person);
  // The ping the log server pushes at once to a browser subscribing now: the latest one.
  const ping = prevPing(Math.floor(Date.now() / 1000));
  const tag = `tagtime-ping-${ping}`;
  // The person's tags, so the push offers them: a laptop answered two earlier pings.
  const laptop = await createDevice(testDb(), { userId: user.id, name: 'Laptop', kind: 'cli' });
  const earlier = prevPing(ping - 1);
  const older = prevPing(earlier - 1);
  const answered = await call(laptop.token, 'POST', '/v1/records', {
    records: [
      {
        device: laptop.device.id,
        t: Date.now() - 2,
        kind: 'ping',
        body: { ping: older, tags: ['reading'] },
      },
      {
        device: laptop.device.id,
        t: Date.now() - 1,
        kind: 'ping',
        body: { ping: earlier, tags: ['coding', 'tea'] },
      },
    ],
  });
  expect(answered.status).toBe(200);

  const context = await browser.newContext({
    permissions: ['notifications'],
    viewport: { width: 390, height: 844 },
  });
  const page = await context.newPage();
  // The page's clock starts just before the ping (a first visit asks no earlier ping), so the
  // open pinger asks about it later, as it would at the ping.
  const pinger = await PingerPage.signedIn(page, person, (ping - 20) * 1000);
  await expect
    .poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), {
      timeout: 20_000,
    })
    .toBe(true);

  // The control: the server has Web Push on, this browser is not subscribed.
  const control = page.getByTestId('ring-when-closed');
  await expect(control).toHaveAttribute('data-state', 'off', { timeout: 20_000 });
  await expect(page.getByTestId('ring-when-closed-toggle')).toHaveText('Ring me when closed');
  await page.screenshot({ path: `${SCREENS}/pinger-push-off-390.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.screenshot({ path: `${SCREENS}/pinger-push-off-1280.png`, fullPage: true });

  // Turning it on here reaches Chromium's own push service, which Debian's build has none of:
  // said in words, and nothing registered at the log server.
  await page.getByTestId('ring-when-closed-toggle').click();
  await expect(control).toHaveAttribute('data-state', 'failed', { timeout: 20_000 });
  await expect(page.getByTestId('ring-when-closed-words')).toContainText('push service');
  await page.screenshot({ path: `${SCREENS}/pinger-push-failed-1280.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${SCREENS}/pinger-push-failed-390.png`, fullPage: true });
  const device = await pinger.device(user.id);
  expect((await call(device.token, 'GET', '/v1/push/subscription')).json).toMatchObject({
    subscribed: false,
  });

  // With the stand-in as this browser's push service, the control subscribes and registers the
  // subscription as this browser's device's at the log server.
  const subscription = service.subscribe({ applicationServerKey: VAPID_PUBLIC_KEY });
  await context.addInitScript(pushServiceStandIn, subscription);
  await page.reload();
  await expect(control).toHaveAttribute('data-state', 'off', { timeout: 20_000 });
  await page.getByTestId('ring-when-closed-toggle').click();
  await expect(control).toHaveAttribute('data-state', 'on', { timeout: 20_000 });
  const dueAt = Date.now();
  await expect(page.getByTestId('ring-when-closed-toggle')).toHaveText('Stop ringing when closed');
  await page.screenshot({ path: `${SCREENS}/pinger-push-on-390.png`, fullPage: true });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: `${SCREENS}/pinger-push-on-dark-390.png`, fullPage: true });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.screenshot({ path: `${SCREENS}/pinger-push-on-1280.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  expect((await call(device.token, 'GET', '/v1/push/subscription')).json).toMatchObject({
    subscribed: true,
    endpoint: subscription.endpoint,
  });

  // The log server pushes the ping; the stand-in decrypts it.
  const message = await service.nextMessage({ endpoint: subscription.endpoint, timeoutMs: 20_000 });
  const sentAt = message.receivedAt;
  const push = message.json as { v: number; ping: number; tags: string[]; answered: number[] };
  expect(push).toMatchObject({ v: 1, ping });
  expect(push.answered).toEqual(expect.arrayContaining([earlier]));
  expect(push.tags.slice(0, 3).sort()).toEqual(['coding', 'reading', 'tea']);
  expect(message.urgency).toBe('high');

  // The open pinger comes to the ping and rings it itself (no buttons) first.
  await page.clock.setFixedTime((ping + 30) * 1000);
  await pinger.expectQuestion(ping);
  const worker = await pingerWorker(context);
  await expect
    .poll(async () => (await notificationsIn(worker, tag)).length, { timeout: 20_000 })
    .toBe(1);

  // The push, delivered to the pinger's service worker as the browser's push service would:
  // the same ping's notification, now with the tags as buttons.
  const blank = await context.newPage();
  const { cdp, registrationId } = await pingerRegistrationId(context, blank);
  const deliver = () =>
    cdp.send('ServiceWorker.deliverPushMessage', {
      origin: CONSOLE_URL,
      registrationId,
      data: message.text ?? '',
    });
  const deliveredAt = Date.now();
  await deliver();
  const withButtons = async () => (await notificationsIn(worker, tag))[0]?.actions.length ?? 0;
  await expect.poll(withButtons, { timeout: 10_000, intervals: [10] }).toBe(2);
  const shownAt = Date.now();
  const [notification] = await notificationsIn(worker, tag);
  expect(notification?.title).toBe('TagTime ping');
  expect(notification?.body).toMatch(/what are you doing right now\?$/);
  expect(notification?.actions.map((a) => a.title)).toEqual(push.tags.slice(0, 2));
  const [first, second] = notification?.actions ?? [];
  console.log(
    `push latency: ping at ${new Date(ping * 1000).toISOString()}, due when subscribed (${Math.round(dueAt / 1000 - ping)} s after it); due → pushed by the log server ${sentAt - dueAt} ms, delivered to the worker → notification shown ${shownAt - deliveredAt} ms: ${sentAt - dueAt + shownAt - deliveredAt} ms without the time the test holds the message`,
  );

  // Its first tag, tapped with the pinger open: the worker stores the answer, the pinger shows
  // it and sends it, and the notification is gone.
  await clickAction(worker, tag, first?.action ?? '');
  await expect(pinger.answerOf(ping).getByTestId('recent-tags')).toHaveText(first?.title ?? '');
  await expect(pinger.answerOf(ping).getByTestId('recent-device')).toHaveText('this browser');
  await expect(page.getByTestId('no-open-ping')).toBeVisible();
  expect(await notificationsIn(worker, tag)).toEqual([]);
  const fromThisBrowser = async () => {
    const { json } = await call(laptop.token, 'GET', '/v1/records?limit=1000');
    return (
      json.records as Array<{
        device: string;
        kind: string;
        body: { ping: number; tags: string[] };
      }>
    )
      .filter((r) => r.device === device.deviceId && r.kind === 'ping' && r.body.ping === ping)
      .map((r) => r.body.tags);
  };
  await expect.poll(fromThisBrowser, { timeout: 10_000 }).toEqual([[first?.title]]);
  await pinger.expectUnsynced(0);

  // The pinger closes. The push service delivers the same message again (at least once, as
  // they may): the notification shows with no pinger at all, and its second tag changes the
  // answer, stored and sent by the worker itself, once.
  await page.close();
  const awake = await deliverUntilShown(context, deliver, tag);
  await clickAction(awake, tag, second?.action ?? '');
  expect(await notificationsIn(awake, tag)).toEqual([]);
  await expect
    .poll(fromThisBrowser, { timeout: 10_000 })
    .toEqual([[first?.title], [second?.title]]);

  // The pinger, opened again, shows the later answer as this browser's, nothing left to send.
  const again = await context.newPage();
  const reopened = new PingerPage(again);
  await reopened.open();
  await expect(reopened.answerOf(ping).getByTestId('recent-tags')).toHaveText(second?.title ?? '');
  await expect(reopened.answerOf(ping).getByTestId('recent-device')).toHaveText('this browser');
  await reopened.expectUnsynced(0);
  expect(await fromThisBrowser()).toEqual([[first?.title], [second?.title]]);

  // Turned off: unsubscribed here and removed at the log server.
  const reopenedControl = again.getByTestId('ring-when-closed');
  await expect(reopenedControl).toHaveAttribute('data-state', 'on', { timeout: 20_000 });
  await again.getByTestId('ring-when-closed-toggle').click();
  await expect(reopenedControl).toHaveAttribute('data-state', 'off', { timeout: 20_000 });
  expect((await call(device.token, 'GET', '/v1/push/subscription')).json).toMatchObject({
    subscribed: false,
  });

  // On again, then the device is revoked on Devices: the server drops the subscription with
  // the device, and the pinger, told it is revoked, ends this browser's.
  await again.getByTestId('ring-when-closed-toggle').click();
  await expect(reopenedControl).toHaveAttribute('data-state', 'on', { timeout: 20_000 });
  expect(await getPushSubscription(testDb(), device.deviceId)).toBeDefined();
  const devices = await context.newPage();
  await devices.goto('/devices');
  const row = devices.getByTestId(`device-${device.deviceId}`);
  devices.once('dialog', (dialog) => dialog.accept());
  await row.getByTestId('revoke-device').click();
  await expect(row.getByTestId('device-status')).toHaveText('Revoked');
  await expect(reopenedControl).toHaveAttribute('data-state', 'revoked', { timeout: 20_000 });
  await again.screenshot({ path: `${SCREENS}/pinger-push-revoked-390.png`, fullPage: true });
  await expect
    .poll(() => again.evaluate(() => localStorage.getItem('e2e-push-subscription-key')))
    .toBeNull();
  expect(await getPushSubscription(testDb(), device.deviceId)).toBeUndefined();
});

test('says when notifications are not allowed, and when the log server cannot be reached', async ({
  browser,
}) => {
  const person = newPerson('Unpushed');
  await createAccount(person);
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await new AuthPages(page).signIn(person);
  await expect(page).not.toHaveURL(/sign-in/);
  const pinger = new PingerPage(page);
  await pinger.open();
  await pinger.expectConnection('online');
  const control = page.getByTestId('ring-when-closed');
  await expect(control).toHaveAttribute('data-state', 'off', { timeout: 20_000 });

  // No permission granted to this browser: the request is not allowed, said in words.
  await page.getByTestId('ring-when-closed-toggle').click();
  await expect(control).toHaveAttribute('data-state', 'denied', { timeout: 20_000 });
  await expect(page.getByTestId('ring-when-closed-toggle')).toHaveText('Try again');
  await page.screenshot({ path: `${SCREENS}/pinger-push-denied-390.png`, fullPage: true });

  // Offline (the page opens from the service worker's copy): the server cannot be asked.
  await expect
    .poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), {
      timeout: 20_000,
    })
    .toBe(true);
  await context.setOffline(true);
  await page.reload();
  await expect(control).toHaveAttribute('data-state', 'offline', { timeout: 20_000 });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.screenshot({ path: `${SCREENS}/pinger-push-offline-1280.png`, fullPage: true });
  await context.setOffline(false);
});

/**
 * A phone-sized browser where `person` signed in and turned "ring when closed" on; `kept` reads
 * the stand-in subscription's key, null once the subscription has ended.
 */
async function ringingFor(browser: Browser, person: ReturnType<typeof newPerson>) {
  await createAccount(person);
  const context = await browser.newContext({
    permissions: ['notifications'],
    viewport: { width: 390, height: 844 },
  });
  const subscription = service.subscribe({ applicationServerKey: VAPID_PUBLIC_KEY });
  await context.addInitScript(pushServiceStandIn, subscription);
  const page = await context.newPage();
  await new AuthPages(page).signIn(person);
  await expect(page).not.toHaveURL(/sign-in/);
  await new PingerPage(page).open();
  const control = page.getByTestId('ring-when-closed');
  await expect(control).toHaveAttribute('data-state', 'off', { timeout: 20_000 });
  await page.getByTestId('ring-when-closed-toggle').click();
  await expect(control).toHaveAttribute('data-state', 'on', { timeout: 20_000 });
  const kept = () => page.evaluate(() => localStorage.getItem('e2e-push-subscription-key'));
  expect(await kept()).not.toBeNull();
  return { context, page, kept };
}

test("signing out ends this browser's push subscription, so no notification shows the person's tags to the next", async ({
  browser,
}) => {
  const { page, kept } = await ringingFor(browser, newPerson('Leaver'));
  await page.goto('/devices');
  await page.getByTestId('sign-out').click();
  await expect(page).toHaveURL(/sign-in/);
  expect(await kept()).toBeNull();
});

test("another person signing in after the last one's session expired ends that person's push subscription", async ({
  browser,
}) => {
  const { context, page, kept } = await ringingFor(browser, newPerson('Expirer'));
  const next = newPerson('Nextone');
  await createAccount(next);
  // No sign-out: the session just ends (its cookie gone, as when it expires), and someone
  // else signs in on the same browser and lands on any page of the console.
  await context.clearCookies();
  await new AuthPages(page).signIn(next);
  await expect(page).not.toHaveURL(/sign-in/);
  await expect.poll(kept, { timeout: 10_000 }).toBeNull();
});
