import { expect, type Locator, type Page } from '@playwright/test';

/** The devices screen: pairing codes and the devices table. */
export class DevicesPage {
  constructor(private readonly page: Page) {}

  async open() {
    await this.page.getByTestId('nav-devices').click();
    await expect(this.page.getByTestId('page-title')).toHaveText('Devices');
  }

  async showPairingCode(): Promise<string> {
    await this.page.getByTestId('new-pairing-code').click();
    const code = this.page.getByTestId('pairing-code');
    await expect(code).toHaveText(/^[A-Z2-9]{8}$/);
    return (await code.textContent()) ?? '';
  }

  row(deviceId: string): Locator {
    return this.page.getByTestId(`device-${deviceId}`);
  }

  async rename(deviceId: string, name: string) {
    this.page.once('dialog', (dialog) => dialog.accept(name));
    await this.row(deviceId).getByTestId('rename-device').click();
    await expect(this.row(deviceId).getByTestId('device-name')).toHaveText(name);
  }

  async revoke(deviceId: string) {
    this.page.once('dialog', (dialog) => dialog.accept());
    await this.row(deviceId).getByTestId('revoke-device').click();
    await expect(this.row(deviceId).getByTestId('device-status')).toHaveText('Revoked');
  }
}
