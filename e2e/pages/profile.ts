import { expect, type Page } from '@playwright/test';

/** The profile screen: password and sessions. */
export class ProfilePage {
  constructor(private readonly page: Page) {}

  async open() {
    await this.page.getByTestId('nav-profile').click();
    await expect(this.page.getByTestId('page-title')).toHaveText('Profile');
  }

  async changePassword(current: string, next: string) {
    await this.page.getByTestId('current-password').fill(current);
    await this.page.getByTestId('new-password').fill(next);
    await this.page.getByTestId('change-password').click();
    await expect(this.page.getByText('Password changed.')).toBeVisible();
  }

  async signOutEverywhere() {
    await this.page.getByTestId('sign-out-everywhere').click();
    await expect(this.page).toHaveURL(/\/sign-in/);
  }
}
