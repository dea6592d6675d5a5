// Revoking the browser's device elsewhere: the pinger says so in words and keeps the answers
// it could not send.

import { nextPing, prevPing } from '@tagtime/ping';
import { newPerson } from '../pages/auth.js';
import { PingerPage } from '../pages/pinger.js';
import { createAccount } from '../support/db.js';
import { expect, test } from '../support/test.js';

test('a revoked browser says so and keeps its unsynced answers', async ({ browser }) => {
  const person = newPerson('Revoked');
  const user = await createAccount(person);
  const p0 = prevPing(Math.floor(Date.now() / 1000) - 3600);
  const p1 = nextPing(p0);

  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const pinger = await PingerPage.signedIn(page, person, (p0 + 10) * 1000);
  const { deviceId } = await pinger.device(user.id);

  // Revoked on Devices, in another tab of the console.
  const devices = await context.newPage();
  await devices.goto('/devices');
  const row = devices.getByTestId(`device-${deviceId}`);
  await expect(row.getByTestId('device-name')).toContainText(/on Linux/);
  devices.once('dialog', (dialog) => dialog.accept());
  await row.getByTestId('revoke-device').click();
  await expect(row.getByTestId('device-status')).toHaveText('Revoked');
  await devices.close();

  // The pinger learns it from the stream (the server ends a revoked device's stream) or from
  // its next push, says it plainly, and the answer stays here.
  await page.clock.fastForward((p1 - p0) * 1000);
  await pinger.expectQuestion(p1);
  await pinger.answer('meeting');
  await expect(pinger.answerOf(p1)).toContainText('meeting');
  await expect(page.getByTestId('sync-problem')).toHaveAttribute('data-kind', 'revoked', {
    timeout: 20_000,
  });
  await expect(page.getByTestId('sync-problem')).toContainText('kept in this browser');
  await pinger.expectUnsynced(1);
  await page.screenshot({ path: 'test-results/screens/pinger-revoked-1280.png', fullPage: true });
  await page.reload();
  await expect(pinger.answerOf(p1)).toContainText('meeting');
  await pinger.expectUnsynced(1);

  // Signed out, the page is no longer kept: offline, /pinger does not open for anyone.
  await expect
    .poll(() =>
      page.evaluate(async () => (await caches.open('pinger-shell')).keys().then((k) => k.length)),
    )
    .toBeGreaterThan(0);
  await page.goto('/devices');
  await page.getByTestId('sign-out').click();
  await expect(page).toHaveURL(/sign-in/);
  await context.route('**/*', (route) => route.abort('internetdisconnected'));
  await context.setOffline(true);
  await expect(page.goto('/pinger')).rejects.toThrow();
  await context.close();
});
