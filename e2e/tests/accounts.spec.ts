import { AuthPages, newPerson } from '../pages/auth.js';
import { mailCount } from '../pages/outbox.js';
import { mailTo } from '../support/db.js';
import { expect, test } from '../support/test.js';

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

test('signing up with a taken email answers as for a new one, and mails the owner instead', async ({
  page,
}) => {
  const auth = new AuthPages(page);
  const person = newPerson('Twice');
  await auth.signUp(person);
  await expect(page.getByTestId('page-title')).toContainText('Welcome');
  await auth.signOut();

  const before = await mailCount(person.email);
  await auth.submitSignUp({ ...person, name: 'Someone Else', password: 'a-guessers-password' });
  await expect.poll(() => mailCount(person.email)).toBe(before + 1);
  const [mail] = await mailTo(person.email);
  expect(mail?.subject).toBe('You already have a TagTime Data account');
  // Nothing changed: the stranger's password does not sign in, the owner's still does.
  await auth.signIn({ email: person.email, password: 'a-guessers-password' });
  await auth.expectError('do not match an account');
  await auth.signIn(person);
  await expect(page.getByTestId('current-user')).toHaveText(person.name);
});

test('the signed-in area sends strangers to sign-in', async ({ page }) => {
  await page.goto('/devices');
  await expect(page).toHaveURL(/\/sign-in/);
  await page.screenshot({ path: 'test-results/screens/sign-in.png' });
});
