import { expect, type Locator, type Page } from '@playwright/test';

/** The staff area: finding a user, the reason prompt, the overview, the audit log. */
export class StaffPages {
  constructor(private readonly page: Page) {}

  async search(query: string) {
    await this.page.goto('/staff');
    await this.page.getByTestId('staff-search-query').fill(query);
    await this.page.getByTestId('staff-search').click();
    await expect(this.page.getByTestId('found-users')).toBeVisible();
  }

  foundUser(userId: string): Locator {
    return this.page.getByTestId(`found-user-${userId}`);
  }

  async open(userId: string) {
    await this.foundUser(userId).getByTestId('found-user-link').click();
  }

  /** The reason prompt stands before anything of the user; answers it. */
  async giveReason(reason: string) {
    await expect(this.page.getByTestId('reason-form')).toBeVisible();
    await this.page.getByTestId('reason-input').fill(reason);
    await this.page.getByTestId('reason-submit').click();
    await expect(this.page.getByTestId('visit-reason')).toHaveText(reason);
  }

  device(deviceId: string): Locator {
    return this.page.getByTestId(`staff-device-${deviceId}`);
  }

  async openAudit() {
    await this.page.getByTestId('staff-nav-audit').click();
    await expect(this.page.getByTestId('audit-table')).toBeVisible();
  }
}

/** The log browser: query, facets, table, detail panel, live tail, export. */
export class LogBrowserPage {
  constructor(private readonly page: Page) {}

  rows(): Locator {
    return this.page.getByTestId('log-row');
  }

  row(deviceId: string, t: number): Locator {
    return this.page.locator(`[data-testid="log-row"][data-record="${deviceId}:${t}"]`);
  }

  async loaded() {
    await expect(this.page.getByTestId('log-browser')).toBeVisible();
    // Rows are in the page only while in view; the first one (or the empty state) says loaded.
    await expect(this.rows().first().or(this.page.getByTestId('log-empty'))).toBeVisible();
    await expect(this.page.getByTestId('volume-chart')).toBeVisible();
  }

  async query(text: string) {
    await this.page.getByTestId('log-query').fill(text);
    await this.page.getByTestId('log-query-run').click();
  }

  facet(field: 'kind' | 'device', value: string): Locator {
    return this.page.getByTestId(`facet-${field}-${value}`);
  }

  async openRow(deviceId: string, t: number) {
    await this.row(deviceId, t).click();
    await expect(this.page.getByTestId('record-json')).toContainText(`"t": ${t}`);
  }

  async startLive() {
    await this.page.getByTestId('live-start').click();
    await expect(this.page.getByTestId('live-state')).toHaveText('● following');
  }
}
