// Attacks on sessions: a forged cookie, and a copied cookie that outlives what should end it.
import type { Browser, Page } from '@playwright/test';
import { decode, encode } from 'next-auth/jwt';
import { AuthPages, newPerson } from '../pages/auth.js';
import { linkMailedTo } from '../pages/outbox.js';
import { ProfilePage } from '../pages/profile.js';
import { NEXTAUTH_SECRET } from '../support/env.js';
import { expect, test } from '../support/test.js';

const SESSION_COOKIE = 'next-auth.session-token';
/** The constant the console used to sign with when NEXTAUTH_SECRET was unset. */
const OLD_FALLBACK_SECRET = 'tagtime-development-secret-change-me-in-production';

/** A second browser that holds a copy of `page`'s cookies, as a thief would. */
async function copyCookies(browser: Browser, page: Page): Promise<Page> {
  const thief = await browser.newContext();
  await thief.addCookies(await page.context().cookies());
  return thief.newPage();
}

async function expectSignedIn(page: Page, name: string) {
  await page.goto('/devices');
  await expect(page.getByTestId('current-user')).toHaveText(name);
}

async function expectSignedOut(page: Page) {
  await page.goto('/devices');
  await expect(page).toHaveURL(/\/sign-in/);
}

async function signedUp(page: Page, label: string) {
  const person = newPerson(label);
  await new AuthPages(page).signUp(person);
  await expect(page.getByTestId('page-title')).toContainText('Welcome');
  return person;
}

test('a session signed with the old fallback constant is refused', async ({ page, browser }) => {
  const person = await signedUp(page, 'Forged');
  const real = (await page.context().cookies()).find((c) => c.name === SESSION_COOKIE);
  if (!real) throw new Error('no session cookie');
  const claims = await decode({ token: real.value, secret: NEXTAUTH_SECRET });
  expect(claims?.uid).toBeTruthy();

  // The same claims, re-signed with the run's real secret, are a session (the forgery is sound)…
  const control = await browser.newContext();
  await control.addCookies([
    { ...real, value: await encode({ token: claims ?? {}, secret: NEXTAUTH_SECRET }) },
  ]);
  await expectSignedIn(await control.newPage(), person.name);
  // …and signed with the old constant they are nobody.
  const forger = await browser.newContext();
  await forger.addCookies([
    { ...real, value: await encode({ token: claims ?? {}, secret: OLD_FALLBACK_SECRET }) },
  ]);
  await expectSignedOut(await forger.newPage());
});

test('signing out ends the session for a copied cookie too', async ({ page, browser }) => {
  const person = await signedUp(page, 'Copied');
  const thief = await copyCookies(browser, page);
  await expectSignedIn(thief, person.name);
  await new AuthPages(page).signOut();
  await expectSignedOut(thief);
});

test('a password change ends every other session and keeps this one', async ({ page, browser }) => {
  const person = await signedUp(page, 'Changer');
  const thief = await copyCookies(browser, page);
  const otherLaptop = await browser.newPage();
  await new AuthPages(otherLaptop).signIn(person);
  await expect(otherLaptop.getByTestId('current-user')).toHaveText(person.name);

  const profile = new ProfilePage(page);
  await profile.open();
  // The thief's copy is the same session as this browser's: it goes on with it. Another
  // browser's session ends.
  await profile.changePassword(person.password, 'changed-password-123');
  await expectSignedOut(otherLaptop);
  await expectSignedIn(page, person.name);
  await expectSignedIn(thief, person.name);
  // "Sign out everywhere" ends this one and every copy.
  await profile.open();
  await profile.signOutEverywhere();
  await expectSignedOut(thief);
  await expectSignedOut(page);
});

test('a password reset ends every session', async ({ page, browser }) => {
  const person = await signedUp(page, 'Resetter');
  const thief = await copyCookies(browser, page);
  const other = await browser.newPage();
  await other.goto('/forgot-password');
  await other.getByTestId('email').fill(person.email);
  await other.getByTestId('send-reset').click();
  await expect(other.getByTestId('reset-sent')).toBeVisible();
  await other.goto(await linkMailedTo(person.email, '/reset-password'));
  await other.getByTestId('password').fill('reset-password-456');
  await other.getByTestId('reset-password').click();
  await expect(other.getByTestId('reset-done')).toBeVisible();
  await expectSignedOut(thief);
  await expectSignedOut(page);
});

test('of two concurrent uses of one reset link exactly one sets the password', async ({
  page,
  browser,
}) => {
  const person = await signedUp(page, 'Racer');
  await new AuthPages(page).signOut();
  await page.goto('/forgot-password');
  await page.getByTestId('email').fill(person.email);
  await page.getByTestId('send-reset').click();
  await expect(page.getByTestId('reset-sent')).toBeVisible();
  const link = await linkMailedTo(person.email, '/reset-password');
  const racers = await Promise.all([browser.newPage(), browser.newPage(), browser.newPage()]);
  for (const [i, racer] of racers.entries()) {
    await racer.goto(link);
    await racer.getByTestId('password').fill(`racer-password-${i}-long`);
  }
  await Promise.all(racers.map((racer) => racer.getByTestId('reset-password').click()));
  const outcomes = await Promise.all(
    racers.map(async (racer) => {
      const done = racer.getByTestId('reset-done');
      const refused = racer.getByTestId('form-error');
      await expect(done.or(refused)).toBeVisible();
      return (await done.count()) === 1;
    }),
  );
  expect(outcomes.filter(Boolean)).toHaveLength(1);
  const winner = outcomes.indexOf(true);
  const auth = new AuthPages(page);
  await auth.signIn({ email: person.email, password: person.password });
  await auth.expectError('do not match an account');
  await auth.signIn({ email: person.email, password: `racer-password-${winner}-long` });
  await expect(page.getByTestId('current-user')).toHaveText(person.name);
});
