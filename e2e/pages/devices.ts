import { expect, type Locator, type Page } from '@playwright/test';

/** The devices screen: pairing codes and the devices table. */
export class DevicesPage {
  constructor(private readonly page: Page) {}

  async open() {
    await this.page.getByTestId('nav-devices').click();
    await expect(this.page.getByTestId('page-title')).toHaveText('Devices');
  }

  /** Asks for a new code and waits until it is shown (not the one shown before the click). */
  async showPairingCode(): Promise<string> {
    const code = this.page.getByTestId('pairing-code');
    const before = (await code.count()) > 0 ? await code.textContent() : null;
    await this.page.getByTestId('new-pairing-code').click();
    await expect(code).toHaveText(/^[A-Z2-9]{8}$/);
    if (before) await expect(code).not.toHaveText(before);
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
