// What every answer tells the browser, and the answers strangers get for pages not theirs.

import { AuthPages, newPerson } from '../pages/auth.js';
import { linkMailedTo } from '../pages/outbox.js';
import { createAccount } from '../support/db.js';
import { expect, test } from '../support/test.js';

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

test('no outbox under a production build, even with MAIL_OUTBOX_PAGE=on: support cannot read the staff admin’s reset link', async ({
  page,
  browser,
}) => {
  const customer = newPerson('Nosy');
  const support = newPerson('Outbox');
  const boss = newPerson('Boss');
  await createAccount(support, 'support');
  await createAccount(boss, 'staff-admin');
  // The staff admin's reset link lands in the outbox table (this console runs with the switch on).
  const forgot = await browser.newPage();
  await forgot.goto('/forgot-password');
  await forgot.getByTestId('email').fill(boss.email);
  await forgot.getByTestId('send-reset').click();
  const resetLink = await linkMailedTo(boss.email, '/reset-password');

  const stranger = await browser.newPage();
  const strangerAnswer = await stranger.goto('/dev/outbox');
  expect(strangerAnswer?.status()).toBe(404);
  await expect(stranger.getByTestId('mail')).toHaveCount(0);

  const auth = new AuthPages(page);
  await auth.signUp(customer);
  const customerAnswer = await page.goto('/dev/outbox');
  expect(customerAnswer?.status()).toBe(404);
  await expect(page.getByTestId('mail')).toHaveCount(0);

  await page.goto('/');
  await auth.signOut();
  await auth.signIn(support);
  await expect(page.getByTestId('current-user')).toHaveText(support.name);
  const supportAnswer = await page.goto('/dev/outbox');
  expect(supportAnswer?.status()).toBe(404);
  await expect(page.getByTestId('mail')).toHaveCount(0);
  expect(await page.content()).not.toContain(resetLink);
});
