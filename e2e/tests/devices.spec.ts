import { expect, test } from '@playwright/test';
import { createDb, redeemPairingCode } from '@tagtime/db';
import { AuthPages, newPerson } from '../pages/auth.js';
import { DevicesPage } from '../pages/devices.js';
import { DATABASE_URL } from '../support/env.js';

test('pair a device with a code, see it listed, revoke it', async ({ page }) => {
  const person = newPerson('Pairer');
  await new AuthPages(page).signUp(person);
  await expect(page.getByTestId('page-title')).toContainText('Welcome');

  const devices = new DevicesPage(page);
  await devices.open();
  await expect(page.getByTestId('empty-state')).toContainText('No devices yet');

  const code = await devices.showPairingCode();
  await expect(page.getByTestId('pairing-expires-in')).toHaveText(/^(10:00|9:5\d)$/);

  // The device's side of pairing: the same exchange the server's POST /v1/pair makes.
  const handle = createDb(DATABASE_URL);
  const { device } = await redeemPairingCode(handle.db, { code, name: 'Wrist', kind: 'watch' });
  await expect(
    redeemPairingCode(handle.db, { code, name: 'Again', kind: 'watch' }),
  ).rejects.toThrow(/already been used|used/);
  await handle.close();

  await page.reload();
  await expect(devices.row(device.id)).toContainText('Wrist');
  await expect(devices.row(device.id).getByTestId('device-status')).toHaveText('Active');
  await page.screenshot({ path: 'test-results/screens/devices.png', fullPage: true });

  await devices.revoke(device.id);
  await page.reload();
  await expect(devices.row(device.id).getByTestId('device-status')).toHaveText('Revoked');
  await page.getByTestId('nav-overview').click();
  await expect(page.getByTestId('active-device-count')).toHaveText('0');
});
