// The web pinger answers pings with no network and syncs once it returns, exactly once. The
// browser's network is cut both ways: `setOffline` for the page, and every route aborted for
// the context, which in Chromium covers the service worker's own requests too (Playwright
// #2311: `setOffline` alone does not), so nothing can pass through a network said to be gone.
import type { BrowserContext } from '@playwright/test';
import { nextPing, prevPing } from '@tagtime/ping';
import { AuthPages, newPerson } from '../pages/auth.js';
import { PingerPage } from '../pages/pinger.js';
import { createAccount } from '../support/db.js';
import { SERVER_URL } from '../support/env.js';
import { expect, test } from '../support/test.js';

const SCREENS = 'test-results/screens';

async function cutNetwork(context: BrowserContext) {
  await context.route('**/*', (route) => route.abort('internetdisconnected'));
  await context.setOffline(true);
}

async function restoreNetwork(context: BrowserContext) {
  await context.unrouteAll({ behavior: 'wait' });
  await context.setOffline(false);
}

test('answers online, then offline across a reload, and the answers reach the server once', async ({
  browser,
}) => {
  // Two browsers, an offline reload and My time: slow on a shared machine.
  test.slow();
  const person = newPerson('Pinger');
  const user = await createAccount(person);
  // Three pings of the universal schedule an hour or more ago; the page's clock starts just
  // before the first (the server takes any past `t`).
  const p0 = prevPing(Math.floor(Date.now() / 1000) - 3 * 3600);
  const p1 = nextPing(p0);
  const p2 = nextPing(p1);

  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const pinger = await PingerPage.signedIn(page, person, (p0 - 20) * 1000);
  await expect(page.getByTestId('no-open-ping')).toBeVisible();
  await page.screenshot({ path: `${SCREENS}/pinger-waiting-390.png`, fullPage: true });

  // The first ping rings while the page is open; answered online, it is sent at once.
  await page.clock.fastForward(30_000);
  await pinger.expectQuestion(p0);
  await expect(page).toHaveTitle(/^\(1\) /);
  await page.screenshot({ path: `${SCREENS}/pinger-question-390.png`, fullPage: true });
  // Mobile first: at 360 px nothing scrolls sideways; the same screen on a laptop, and dark.
  await page.setViewportSize({ width: 360, height: 740 });
  // The layout follows a resize a frame or more later.
  await expect
    .poll(() => page.evaluate(() => document.documentElement.scrollWidth))
    .toBeLessThanOrEqual(360);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: `${SCREENS}/pinger-question-1280.png`, fullPage: true });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${SCREENS}/pinger-question-dark-390.png`, fullPage: true });
  await page.emulateMedia({ colorScheme: 'light' });
  await pinger.answer('work code', 'the pinger spec');
  await expect(pinger.answerOf(p0)).toContainText('work code');
  await pinger.expectUnsynced(0);
  // The service worker controls the page and holds its copy of it before the network goes.
  await expect
    .poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), {
      timeout: 20_000,
    })
    .toBe(true);
  await expect
    .poll(() =>
      page.evaluate(async () => (await caches.open('pinger-shell')).keys().then((k) => k.length)),
    )
    .toBeGreaterThan(0);

  await cutNetwork(context);
  await pinger.expectConnection('offline');
  await page.clock.fastForward((p1 - p0) * 1000);
  await pinger.expectQuestion(p1);
  await pinger.answer('lunch');
  await page.clock.fastForward((p2 - p1) * 1000);
  await pinger.expectQuestion(p2);
  await pinger.repeatLast();
  await expect(pinger.answerOf(p2)).toContainText('lunch');
  await pinger.expectUnsynced(2);
  await page.screenshot({ path: `${SCREENS}/pinger-offline-390.png`, fullPage: true });

  // Reloaded with no network: the service worker serves the page; the answers are still there.
  // (How long this takes is console/bench/pinger.ts's to measure, not this test's.)
  await page.reload();
  await expect(page.getByTestId('pinger')).toBeVisible();
  await expect(pinger.answerOf(p2)).toBeVisible();
  await expect(pinger.answerOf(p0)).toContainText('work code');
  await expect(pinger.answerOf(p1)).toContainText('lunch');
  await expect(pinger.answerOf(p2)).toContainText('lunch');
  await pinger.expectUnsynced(2);
  await expect(page.getByTestId('sync-problem')).toHaveAttribute('data-kind', 'offline');

  await restoreNetwork(context);
  await page.evaluate(() => window.dispatchEvent(new Event('online')));
  await pinger.expectUnsynced(0);
  await pinger.expectConnection('online');

  // On the server, each answer exactly once, from this browser's device.
  const { deviceId, token } = await pinger.device(user.id);
  const pulled = await fetch(`${SERVER_URL}/v1/records?limit=1000`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(pulled.status).toBe(200);
  const { records } = (await pulled.json()) as {
    records: Array<{ device: string; kind: string; body: { ping?: number; tags?: string[] } }>;
  };
  const answers = records.filter((r) => r.kind === 'ping');
  expect(answers.map((r) => [r.device, r.body.ping, r.body.tags])).toEqual([
    [deviceId, p0, ['work', 'code']],
    [deviceId, p1, ['lunch']],
    [deviceId, p2, ['lunch']],
  ]);

  // My time shows them, and so does a second browser of the same person (its own device).
  await page.goto('/my-time');
  for (const ping of [p0, p1, p2]) {
    await expect(page.getByTestId('recent-pings').getByTestId(`ping-${ping}`)).toBeVisible();
  }
  const second = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const other = await second.newPage();
  await other.clock.install({ time: (p2 + 60) * 1000 });
  await new AuthPages(other).signIn(person);
  await expect(other).not.toHaveURL(/sign-in/);
  const otherPinger = new PingerPage(other);
  await otherPinger.open();
  await otherPinger.expectConnection('online');
  await expect(otherPinger.answerOf(p0)).toContainText('work code');
  await expect(otherPinger.answerOf(p2)).toContainText('lunch');
  await expect(otherPinger.answerOf(p2).getByTestId('recent-device')).not.toHaveText(
    'this browser',
  );
  await other.screenshot({ path: `${SCREENS}/pinger-second-browser-1280.png`, fullPage: true });
  expect((await otherPinger.device(user.id)).deviceId).not.toBe(deviceId);
  await second.close();
  await context.close();
});
