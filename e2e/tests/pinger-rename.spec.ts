// A browser is a device like any: renamed on Devices, the new name is what the pinger's merged
// view says of its answers, in another browser of the same person.
import type { Browser } from '@playwright/test';
import { prevPing } from '@tagtime/ping';
import { newPerson } from '../pages/auth.js';
import { DevicesPage } from '../pages/devices.js';
import { PingerPage } from '../pages/pinger.js';
import { createAccount } from '../support/db.js';
import { expect, test } from '../support/test.js';

async function openPinger(
  browser: Browser,
  person: { email: string; password: string },
  at: number,
) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const pinger = await PingerPage.signedIn(page, person, at * 1000);
  return { context, page, pinger };
}

test('renaming a browser on Devices shows the new name in the merged view', async ({ browser }) => {
  // Two browsers, each signing in, pairing and syncing: slow on a shared machine.
  test.slow();
  const person = newPerson('Rename');
  const user = await createAccount(person);
  const p0 = prevPing(Math.floor(Date.now() / 1000) - 3600);

  // Pings before a pinger's first visit are not its to ask: it opens just before p0.
  const a = await openPinger(browser, person, p0 - 20);
  await a.page.clock.fastForward(30_000);
  await a.pinger.expectQuestion(p0);
  await a.pinger.answer('reading');
  await a.pinger.expectUnsynced(0);
  const { deviceId } = await a.pinger.device(user.id);

  const b = await openPinger(browser, person, p0 + 60);
  const shown = b.pinger.answerOf(p0).getByTestId('recent-device');
  await expect(shown).toHaveText(/ on Linux$/);

  const devices = await b.context.newPage();
  await devices.goto('/devices');
  await new DevicesPage(devices).rename(deviceId, 'Kitchen tablet');
  await devices.close();

  // The next connection fetches the names again.
  await b.page.reload();
  await expect(shown).toHaveText('Kitchen tablet', { timeout: 20_000 });
  await expect(a.pinger.answerOf(p0).getByTestId('recent-device')).toHaveText('this browser');
  await b.page.screenshot({ path: 'test-results/screens/pinger-renamed-1280.png', fullPage: true });
  await a.context.close();
  await b.context.close();
});
