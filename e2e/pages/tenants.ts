import { expect, type Page } from '@playwright/test';

/** The tenants list and a tenant's members screen. */
export class TenantsPage {
  constructor(private readonly page: Page) {}

  async createTeam(name: string): Promise<string> {
    await this.page.getByTestId('nav-tenants').click();
    await this.page.getByTestId('team-name').fill(name);
    await this.page.getByTestId('create-team').click();
    await expect(this.page.getByTestId('page-title')).toHaveText(name);
    const match = /\/tenants\/([^/]+)$/.exec(new URL(this.page.url()).pathname);
    if (!match?.[1]) throw new Error(`not on a tenant page: ${this.page.url()}`);
    return match[1];
  }

  async invite(email: string, role: 'member' | 'admin' | 'owner'): Promise<string> {
    await this.page.getByTestId('invite-email').fill(email);
    await this.page.getByTestId('invite-role').selectOption(role);
    await this.page.getByTestId('create-invite').click();
    const link = this.page.getByTestId('invite-link');
    await expect(link).toContainText('/invite/');
    return (await link.textContent()) ?? '';
  }

  /** The row of a pending invitation. */
  pendingInvite(email: string) {
    return this.page.getByTestId(`invite-${email}`);
  }

  member(email: string) {
    return this.page.getByTestId(`member-${email}`);
  }
}
