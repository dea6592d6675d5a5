import { expect, test } from '@playwright/test';
import { AuthPages, newPerson } from '../pages/auth.js';

test('sign up, sign out, a wrong password is refused, sign in again', async ({ page }) => {
  const auth = new AuthPages(page);
  const person = newPerson('Owner');

  await auth.signUp(person);
  await expect(page.getByTestId('page-title')).toHaveText(`Welcome, ${person.name}`);
  await expect(page.getByTestId('active-device-count')).toHaveText('0');
  await page.screenshot({ path: 'test-results/screens/overview.png', fullPage: true });

  await auth.signOut();
  await auth.signIn({ email: person.email, password: 'not-the-password' });
  await auth.expectError('do not match an account');

  await auth.signIn(person);
  await expect(page.getByTestId('current-user')).toHaveText(person.name);
});

test('signing up twice with one email says so and creates nothing', async ({ page }) => {
  const auth = new AuthPages(page);
  const person = newPerson('Twice');
  await auth.signUp(person);
  await expect(page.getByTestId('page-title')).toContainText('Welcome');
  await auth.signOut();

  await auth.signUp({ ...person, name: 'Someone Else' });
  await auth.expectError('exists already');
});

test('the signed-in area sends strangers to sign-in', async ({ page }) => {
  await page.goto('/devices');
  await expect(page).toHaveURL(/\/sign-in/);
  await page.screenshot({ path: 'test-results/screens/sign-in.png' });
});
