// The account pages at desktop and phone width, as screenshots for review (CI keeps them).
import type { Page } from '@playwright/test';
import { AuthPages, newPerson } from '../pages/auth.js';
import { linkMailedTo } from '../pages/outbox.js';
import { TenantsPage } from '../pages/tenants.js';
import { createAccount } from '../support/db.js';
import { expect, test } from '../support/test.js';

const WIDTHS = [1280, 390];

async function shoot(page: Page, name: string) {
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `test-results/screens/${name}-${width}.png`, fullPage: true });
  }
}

test('account, invitation and staff pages at 1280 and 390 px', async ({ page, browser }) => {
  const auth = new AuthPages(page);
  const owner = newPerson('Screens');
  const guest = newPerson('Guested');
  await page.goto('/sign-in?callbackUrl=%2Fdevices');
  await shoot(page, 'sign-in');
  await auth.submitSignUp(owner);
  await shoot(page, 'sign-up-sent');
  await page.goto(await linkMailedTo(owner.email, '/verify-email'));
  await shoot(page, 'verify-email');
  await page.getByTestId('confirm-address').click();
  await expect(page.getByTestId('page-title')).toContainText('Welcome');

  const tenants = new TenantsPage(page);
  await tenants.createTeam(`Screens ${owner.name}`);
  await tenants.invite(guest.email, 'member');
  await shoot(page, 'tenant-invites');
  const link = await linkMailedTo(guest.email, '/invite');
  await page.goto('/profile');
  await shoot(page, 'profile');

  const guestPage = await (await browser.newContext()).newPage();
  await new AuthPages(guestPage).signUp(guest);
  await guestPage.goto(link);
  await shoot(guestPage, 'invite');
  await guestPage.getByTestId('accept-invite').click();
  await expect(guestPage.getByTestId('page-title')).toContainText('Screens');
  await guestPage.goto(link);
  await shoot(guestPage, 'invite-used');

  await auth.signOut();
  await page.goto('/reset-password/not-a-live-link');
  await shoot(page, 'reset-dead');
  const staff = newPerson('Auditor');
  await createAccount(staff, 'support');
  await auth.signIn(staff);
  await expect(page.getByTestId('current-user')).toHaveText(staff.name);
  await page.goto('/staff/audit');
  await shoot(page, 'staff-audit');
  await expect(page.getByTestId('audit-actor').first()).not.toHaveText(/^usr_/);
});
