import { expect, type Locator, type Page } from '@playwright/test';
import { AuthPages } from './auth.js';

/** The web pinger: the open ping's question, missed pings, sync state and recent answers. */
export class PingerPage {
  constructor(readonly page: Page) {}

  /**
   * Signs `person` in with the page's clock installed at `atMs` (the pings before a pinger's
   * first visit are not its to ask) and opens the pinger, connected.
   */
  static async signedIn(
    page: Page,
    person: { email: string; password: string },
    atMs: number,
  ): Promise<PingerPage> {
    await page.clock.install({ time: atMs });
    await new AuthPages(page).signIn(person);
    await expect(page).not.toHaveURL(/sign-in/);
    const pinger = new PingerPage(page);
    await pinger.open();
    await pinger.expectConnection('online');
    return pinger;
  }

  async open() {
    await this.page.goto('/pinger');
    await expect(this.page.getByTestId('pinger')).toBeVisible();
  }

  get connection(): Locator {
    return this.page.getByTestId('connection');
  }

  async expectConnection(state: 'online' | 'offline' | 'stopped' | 'connecting') {
    await expect(this.connection).toHaveAttribute('data-state', state, { timeout: 20_000 });
  }

  async expectUnsynced(count: number) {
    await expect(this.page.getByTestId('unsynced')).toHaveAttribute('data-count', String(count), {
      timeout: 20_000,
    });
  }

  /** Waits until the form asks about `ping`. */
  async expectQuestion(ping: number) {
    await expect(this.page.getByTestId('answer-form')).toHaveAttribute('data-pings', String(ping), {
      timeout: 20_000,
    });
  }

  /** Types tags and presses Enter, as on a laptop. */
  async answer(tags: string, note?: string) {
    if (note) await this.page.getByTestId('note-input').fill(note);
    await this.page.getByTestId('tags-input').fill(tags);
    await this.page.getByTestId('tags-input').press('Enter');
  }

  /** `"` in the empty field: the last answer again. */
  async repeatLast() {
    await this.page.getByTestId('tags-input').fill('');
    await this.page.getByTestId('tags-input').press('"');
  }

  answerOf(ping: number): Locator {
    return this.page.getByTestId('recent-answers').locator(`[data-ping="${ping}"]`);
  }

  /** This browser's device id and token, as the pinger keeps them in IndexedDB. */
  async device(userId: string): Promise<{ deviceId: string; token: string; server: string }> {
    return this.page.evaluate(
      (name) =>
        new Promise((resolve, reject) => {
          const open = indexedDB.open(name);
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const get = open.result.transaction('meta').objectStore('meta').get('setting:device');
            get.onsuccess = () => {
              open.result.close();
              resolve(get.result);
            };
            get.onerror = () => reject(get.error);
          };
        }),
      `tagtime-pinger:${userId}`,
    );
  }
}
