import { AuthPages, newPerson } from '../pages/auth.js';
import { linkMailedTo } from '../pages/outbox.js';
import { expect, test } from '../support/test.js';

test('sign-up mails a confirmation link; until it is opened the account cannot sign in', async ({
  page,
}) => {
  const auth = new AuthPages(page);
  const person = newPerson('Verifier');
  await auth.submitSignUp(person);
  await auth.signIn(person);
  await auth.expectError('do not match an account');

  const link = await linkMailedTo(person.email, '/verify-email');
  await page.goto(link);
  await page.getByTestId('confirm-address').click();
  await expect(page.getByTestId('page-title')).toHaveText(`Welcome, ${person.name}`);
  // The link signs in once; afterwards it says the address is confirmed.
  await auth.signOut();
  await page.goto(link);
  await expect(page.getByTestId('email-verified')).toBeVisible();
  await page.goto(`${link}x`);
  await expect(page.getByTestId('email-not-verified')).toBeVisible();
  await auth.signIn(person);
  await expect(page.getByTestId('current-user')).toHaveText(person.name);
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
  const link = await linkMailedTo(person.email, '/reset-password');
  await page.goto(link);
  await page.getByTestId('password').fill('fresh-password-123');
  await page.getByTestId('reset-password').click();
  await expect(page.getByTestId('reset-done')).toBeVisible();

  // A used link says so before offering a form.
  await page.goto(link);
  await expect(page.getByTestId('reset-link-dead')).toBeVisible();
  await expect(page.getByTestId('password')).toHaveCount(0);

  await auth.signIn({ email: person.email, password: 'fresh-password-123' });
  await expect(page.getByTestId('current-user')).toHaveText(person.name);
});
