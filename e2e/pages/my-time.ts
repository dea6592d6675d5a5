import { expect, type Locator, type Page } from '@playwright/test';

/** "My time": hours per tag, recent and missed pings, renaming, import and export. */
export class MyTimePage {
  constructor(private readonly page: Page) {}

  async open() {
    await this.page.getByTestId('nav-my-time').click();
    await expect(this.page.getByTestId('page-title')).toHaveText('My time');
  }

  tag(tag: string): Locator {
    return this.page.getByTestId(`tag-${tag}`);
  }

  ping(ping: number): Locator {
    return this.page.getByTestId('recent-pings').getByTestId(`ping-${ping}`);
  }

  async rename(from: string, to: string) {
    await this.page.getByTestId('rename-from').selectOption(from);
    await this.page.getByTestId('rename-to').fill(to);
    await this.page.getByTestId('rename-submit').click();
    await expect(this.tag(to)).toBeVisible();
  }

  async deleteAnswer(ping: number) {
    this.page.once('dialog', (dialog) => dialog.accept());
    await this.ping(ping).getByTestId('delete-answer').click();
  }

  async importFile(name: string, text: string) {
    await this.page.getByTestId('import-file').setInputFiles({
      name,
      mimeType: 'text/plain',
      buffer: Buffer.from(text),
    });
  }
}
