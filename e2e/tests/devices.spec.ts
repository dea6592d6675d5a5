import { AuthPages, newPerson } from '../pages/auth.js';
import { DevicesPage } from '../pages/devices.js';
import { SERVER_URL } from '../support/env.js';
import { expect, test } from '../support/test.js';

test('pair devices through the log server, hit the plan limit, revoke one and the server refuses it', async ({
  page,
  request,
}) => {
  const person = newPerson('Pairer');
  await new AuthPages(page).signUp(person);
  await expect(page.getByTestId('page-title')).toContainText('Welcome');

  const devices = new DevicesPage(page);
  await devices.open();
  await expect(page.getByTestId('empty-state')).toContainText('No devices yet');

  // A watch and a laptop pair with codes shown in the console: the device's side is the real
  // POST /v1/pair of the log server.
  const paired: Array<{ device: string; token: string }> = [];
  const codes: string[] = [];
  for (const [name, kind] of [
    ['Wrist', 'watch'],
    ['Laptop', 'cli'],
  ] as const) {
    const code = await devices.showPairingCode();
    codes.push(code);
    const response = await request.post(`${SERVER_URL}/v1/pair`, { data: { code, name, kind } });
    expect(response.status()).toBe(200);
    paired.push(await response.json());
  }
  await expect(page.getByTestId('pairing-expires-in')).toHaveText(/^(10:00|9:5\d)$/);

  // A used code does not pair twice, an unknown one not at all, and the Free plan's third
  // device is refused with the reason.
  const reused = await request.post(`${SERVER_URL}/v1/pair`, {
    data: { code: codes[0], name: 'Again', kind: 'phone' },
  });
  expect(reused.status()).toBe(409);
  const unknown = await request.post(`${SERVER_URL}/v1/pair`, {
    data: { code: 'ZZZZZZZZ', name: 'Nope', kind: 'phone' },
  });
  expect(unknown.status()).toBe(400);
  const third = await request.post(`${SERVER_URL}/v1/pair`, {
    data: { code: await devices.showPairingCode(), name: 'Phone', kind: 'phone' },
  });
  expect(third.status()).toBe(403);
  expect((await third.json()).error).toMatchObject({ code: 'device_limit' });

  const [watch] = paired;
  if (!watch) throw new Error('no device paired');
  const auth = { Authorization: `Bearer ${watch.token}` };
  expect((await request.get(`${SERVER_URL}/v1/heads`, { headers: auth })).status()).toBe(200);
  // The watch answers a ping; the console shows when its log last grew.
  const t = Date.now();
  const appended = await request.post(`${SERVER_URL}/v1/records`, {
    headers: auth,
    data: {
      records: [
        {
          device: watch.device,
          t,
          kind: 'ping',
          body: { ping: Math.floor(t / 1000), tags: ['e2e'] },
        },
      ],
    },
  });
  expect(appended.status()).toBe(200);

  await page.reload();
  await expect(devices.row(watch.device)).toContainText('Wrist');
  await expect(devices.row(watch.device).getByTestId('device-head')).not.toHaveText('—');
  await expect(page.getByTestId('log-server-unreachable')).toHaveCount(0);
  await expect(devices.row(watch.device).getByTestId('device-status')).toHaveText('Active');
  await devices.rename(watch.device, 'Left wrist');
  await page.screenshot({ path: 'test-results/screens/devices.png', fullPage: true });
  // Readable on a phone screen too.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: 'test-results/screens/devices-phone.png', fullPage: true });
  await page.setViewportSize({ width: 1280, height: 720 });

  await devices.revoke(watch.device);
  const revokedAt = Date.now();
  // The server refuses the revoked token within a second.
  await expect
    .poll(async () => (await request.get(`${SERVER_URL}/v1/heads`, { headers: auth })).status(), {
      timeout: 1500,
      intervals: [100],
    })
    .toBe(401);
  expect(Date.now() - revokedAt).toBeLessThan(1500);
  await page.reload();
  await expect(devices.row(watch.device).getByTestId('device-status')).toHaveText('Revoked');
  await page.getByTestId('nav-overview').click();
  await expect(page.getByTestId('active-device-count')).toHaveText('1');
});
