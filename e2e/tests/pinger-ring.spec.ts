// The pinger rings while open: a notification through its service worker and the count in the
// tab title; an answer from another device closes the notification as soon as it syncs here.

import { createDevice } from '@tagtime/db';
import { nextPing, prevPing } from '@tagtime/ping';
import { newPerson } from '../pages/auth.js';
import { PingerPage } from '../pages/pinger.js';
import { createAccount, testDb } from '../support/db.js';
import { SERVER_URL } from '../support/env.js';
import { expect, test } from '../support/test.js';

type Device = Awaited<ReturnType<typeof createDevice>>;

/** Another device of the person answers `ping`, straight to the log server. */
async function answerFrom(device: Device, ping: number, tags: string[]): Promise<void> {
  const sent = await fetch(`${SERVER_URL}/v1/records`, {
    method: 'POST',
    headers: { authorization: `Bearer ${device.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      records: [{ device: device.device.id, t: Date.now(), kind: 'ping', body: { ping, tags } }],
    }),
  });
  expect(sent.status).toBe(200);
}

test('rings at a ping, and a laptop answering it closes the notification here', async ({
  browser,
}) => {
  const person = newPerson('Ringer');
  const user = await createAccount(person);
  const p0 = prevPing(Math.floor(Date.now() / 1000) - 3600);
  const context = await browser.newContext({ permissions: ['notifications'] });
  const page = await context.newPage();
  const pinger = await PingerPage.signedIn(page, person, (p0 - 20) * 1000);
  // Permission granted: no button to ask for it.
  await expect(page.getByTestId('turn-on-ringing')).toHaveCount(0);
  await expect
    .poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), {
      timeout: 20_000,
    })
    .toBe(true);

  const shown = () =>
    page.evaluate(async () => {
      const registration = await navigator.serviceWorker.getRegistration();
      return (await registration?.getNotifications())?.map((n) => n.tag) ?? [];
    });
  await page.clock.setFixedTime((p0 + 30) * 1000);
  await pinger.expectQuestion(p0);
  await expect(page).toHaveTitle(/^\(1\) Pinger/);
  await expect.poll(shown, { timeout: 20_000 }).toEqual([`tagtime-ping-${p0}`]);

  // The laptop (a device of the same person) answers the ping; the pinger hears of it on its
  // stream, pulls it, and the question and its notification go.
  const laptop = await createDevice(testDb(), { userId: user.id, name: 'Laptop', kind: 'cli' });
  await answerFrom(laptop, p0, ['typing']);
  await expect(pinger.answerOf(p0).getByTestId('recent-device')).toHaveText('Laptop', {
    timeout: 20_000,
  });
  await expect(page.getByTestId('no-open-ping')).toBeVisible();
  await expect.poll(shown, { timeout: 20_000 }).toEqual([]);
  await expect(page).toHaveTitle(/^Pinger/);

  // Three more pings pass unanswered: the latest is asked, the two before are missed. Marked
  // away, they are automatic `afk off RETRO` answers, which the laptop's later answer of a
  // person beats, as on the watch and in the CLI.
  const p1 = nextPing(p0);
  const p2 = nextPing(p1);
  const p3 = nextPing(p2);
  await page.clock.setFixedTime((p3 + 30) * 1000);
  await pinger.expectQuestion(p3);
  await expect(page).toHaveTitle(/^\(3\) Pinger/);
  await expect(page.getByTestId('missed-ping')).toHaveCount(2);
  await page.screenshot({ path: 'test-results/screens/pinger-missed-1280.png', fullPage: true });
  await page.getByTestId('missed-all-away').click();
  await expect(page.getByTestId('missed-pings')).toHaveCount(0);
  await expect(pinger.answerOf(p1).getByTestId('recent-tags')).toHaveText('afk off RETRO');
  await expect(pinger.answerOf(p2).getByTestId('recent-tags')).toHaveText('afk off RETRO');
  await pinger.expectQuestion(p3);
  await pinger.expectUnsynced(0);
  await answerFrom(laptop, p1, ['reading']);
  await expect(pinger.answerOf(p1).getByTestId('recent-tags')).toHaveText('reading', {
    timeout: 20_000,
  });
  await expect(pinger.answerOf(p2).getByTestId('recent-tags')).toHaveText('afk off RETRO');
  await context.close();
});
