import { expect, test } from '@playwright/test';
import { AuthPages, newPerson } from '../pages/auth.js';
import { linkMailedTo } from '../pages/outbox.js';

test('sign-up mails a verification link; opening it confirms the address', async ({ page }) => {
  const person = newPerson('Verifier');
  await new AuthPages(page).signUp(person);
  await expect(page.getByTestId('verify-banner')).toBeVisible();
  const link = await linkMailedTo(page, person.email, '/verify-email');
  await page.goto(link);
  await expect(page.getByTestId('email-verified')).toBeVisible();
  await page.goto('/');
  await expect(page.getByTestId('page-title')).toContainText('Welcome');
  await expect(page.getByTestId('verify-banner')).toHaveCount(0);
  await page.goto(`${link}x`);
  await expect(page.getByTestId('email-not-verified')).toBeVisible();
});

test('password reset by mail works once; unknown emails get the same answer', async ({ page }) => {
  const auth = new AuthPages(page);
  const person = newPerson('Forgetful');
  await auth.signUp(person);
  await expect(page.getByTestId('page-title')).toContainText('Welcome');
  await auth.signOut();

  await page.getByTestId('forgot-password').click();
  // The sign-in page has an email field too: fill only once the navigation has landed.
  await expect(page).toHaveURL(/\/forgot-password$/);
  await page.getByTestId('email').fill('nobody-here@example.test');
  await page.getByTestId('send-reset').click();
  await expect(page.getByTestId('reset-sent')).toBeVisible();

  await page.goto('/forgot-password');
  await page.getByTestId('email').fill(person.email);
  await page.getByTestId('send-reset').click();
  await expect(page.getByTestId('reset-sent')).toBeVisible();
  const link = await linkMailedTo(page, person.email, '/reset-password');
  await page.goto(link);
  await page.getByTestId('password').fill('fresh-password-123');
  await page.getByTestId('reset-password').click();
  await expect(page.getByTestId('reset-done')).toBeVisible();

  await page.goto(link);
  await page.getByTestId('password').fill('another-password-456');
  await page.getByTestId('reset-password').click();
  await expect(page.getByTestId('form-error')).toContainText('has been used');

  await auth.signIn({ email: person.email, password: 'fresh-password-123' });
  await expect(page.getByTestId('current-user')).toHaveText(person.name);
});
