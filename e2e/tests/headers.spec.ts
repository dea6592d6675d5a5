// What every answer tells the browser, and the answers strangers get for pages not theirs.
import { expect, test } from '@playwright/test';
import { AuthPages, newPerson } from '../pages/auth.js';
import { linkMailedTo } from '../pages/outbox.js';
import { createAccount } from '../support/db.js';

test('pages carry a content security policy that forbids framing, nosniff and a referrer policy', async ({
  request,
}) => {
  for (const path of ['/sign-in', '/sign-up']) {
    const response = await request.get(path);
    expect(response.status()).toBe(200);
    const headers = response.headers();
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headers['content-security-policy']).toMatch(/script-src 'self' 'nonce-[^']+'/);
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    expect(headers['x-frame-options']).toBe('DENY');
    // Plain http here: HSTS is sent only when the public URL is https.
    expect(headers['strict-transport-security']).toBeUndefined();
  }
});

test('the page still runs under its policy (no script blocked)', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  const auth = new AuthPages(page);
  const person = newPerson('Policy');
  await auth.signUp(person);
  await expect(page.getByTestId('page-title')).toContainText('Welcome');
  expect(violations).toEqual([]);
});

test('a tenant that is not yours answers HTTP 404', async ({ page }) => {
  const person = newPerson('Lost');
  await new AuthPages(page).signUp(person);
  const response = await page.goto('/tenants/ten_doesnotexist00');
  expect(response?.status()).toBe(404);
  await expect(page.getByTestId('not-found')).toBeVisible();
});

test('the mail outbox is for staff only: strangers and customers get a 404', async ({
  page,
  browser,
}) => {
  const customer = newPerson('Nosy');
  const staff = newPerson('Outbox');
  await createAccount(staff, 'support');

  const stranger = await browser.newPage();
  const strangerAnswer = await stranger.goto('/dev/outbox');
  await expect(stranger.getByTestId('mail')).toHaveCount(0);
  expect(strangerAnswer?.url()).not.toMatch(/\/dev\/outbox$/);

  const auth = new AuthPages(page);
  await auth.signUp(customer);
  const customerAnswer = await page.goto('/dev/outbox');
  expect(customerAnswer?.status()).toBe(404);
  await expect(page.getByTestId('mail')).toHaveCount(0);

  await page.goto('/');
  await auth.signOut();
  await auth.signIn(staff);
  await expect(page.getByTestId('current-user')).toHaveText(staff.name);
  await page.goto('/dev/outbox');
  const link = await linkMailedTo(customer.email, '/verify-email');
  await expect(page.getByTestId('mail').filter({ hasText: link }).first()).toBeVisible();
});
