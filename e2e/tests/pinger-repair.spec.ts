// A revoked browser pairs again as a new device: what the old device sent stays its log on the
// server (a revoke stops a token; it deletes no records), and the answers it could not send
// become the new device's and reach the server once, under it.

import { nextPing, prevPing } from '@tagtime/ping';
import { newPerson } from '../pages/auth.js';
import { DevicesPage } from '../pages/devices.js';
import { PingerPage } from '../pages/pinger.js';
import { createAccount } from '../support/db.js';
import { SERVER_URL } from '../support/env.js';
import { expect, test } from '../support/test.js';

test('a revoked browser pairs again and sends the answers it kept', async ({ browser }) => {
  // Pairing twice, a revoke and a sync in between: slow on a shared machine.
  test.slow();
  const person = newPerson('Repair');
  const user = await createAccount(person);
  const p0 = prevPing(Math.floor(Date.now() / 1000) - 3 * 3600);
  const p1 = nextPing(p0);

  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  // Pings before the pinger's first visit are not its to ask: it opens just before p0.
  const pinger = await PingerPage.signedIn(page, person, (p0 - 20) * 1000);
  await page.clock.fastForward(30_000);
  await pinger.expectQuestion(p0);
  await pinger.answer('work');
  await pinger.expectUnsynced(0);
  const old = await pinger.device(user.id);

  const devicesTab = await context.newPage();
  await devicesTab.goto('/devices');
  await new DevicesPage(devicesTab).revoke(old.deviceId);

  await page.clock.fastForward((p1 - p0) * 1000);
  await pinger.expectQuestion(p1);
  await pinger.answer('lunch');
  const problem = page.getByTestId('sync-problem');
  await expect(problem).toHaveAttribute('data-kind', 'revoked', { timeout: 20_000 });
  await pinger.expectUnsynced(1);

  await problem.getByTestId('pair-again').click();
  await expect(problem).toHaveCount(0, { timeout: 20_000 });
  await pinger.expectUnsynced(0);
  await pinger.expectConnection('online');
  const fresh = await pinger.device(user.id);
  expect(fresh.deviceId).not.toBe(old.deviceId);
  await expect(pinger.answerOf(p1).getByTestId('recent-device')).toHaveText('this browser');
  await expect(pinger.answerOf(p0).getByTestId('recent-device')).toHaveText(/ on Linux$/);
  await page.screenshot({
    path: 'test-results/screens/pinger-paired-again-390.png',
    fullPage: true,
  });

  // On the server: the old device's answer under it, the kept one under the new device, once.
  const pulled = await fetch(`${SERVER_URL}/v1/records?limit=1000`, {
    headers: { authorization: `Bearer ${fresh.token}` },
  });
  expect(pulled.status).toBe(200);
  const { records } = (await pulled.json()) as {
    records: Array<{ device: string; kind: string; body: { ping?: number; tags?: string[] } }>;
  };
  expect(
    records.filter((r) => r.kind === 'ping').map((r) => [r.device, r.body.ping, r.body.tags]),
  ).toEqual([
    [old.deviceId, p0, ['work']],
    [fresh.deviceId, p1, ['lunch']],
  ]);
  // The old token stays refused.
  const refused = await fetch(`${SERVER_URL}/v1/heads`, {
    headers: { authorization: `Bearer ${old.token}` },
  });
  expect(refused.status).toBe(401);

  await devicesTab.reload();
  await expect(
    devicesTab.getByTestId(`device-${old.deviceId}`).getByTestId('device-status'),
  ).toHaveText('Revoked');
  await expect(
    devicesTab.getByTestId(`device-${fresh.deviceId}`).getByTestId('device-status'),
  ).not.toHaveText('Revoked');
  await context.close();
});
