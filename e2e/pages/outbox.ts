import { expect, type Page } from '@playwright/test';

/** The development mail outbox: the newest link mailed to an address. */
export async function linkMailedTo(page: Page, email: string, path: string): Promise<string> {
  await page.goto('/dev/outbox');
  const mail = page
    .getByTestId('mail')
    .filter({ has: page.getByTestId('mail-to').getByText(email, { exact: true }) })
    .first();
  await expect(mail).toBeVisible();
  const body = (await mail.getByTestId('mail-body').textContent()) ?? '';
  const match = new RegExp(`https?://[^\\s]+${path}/[^\\s]+`).exec(body);
  if (!match) throw new Error(`no ${path} link in the mail to ${email}: ${body}`);
  return new URL(match[0]).pathname;
}
