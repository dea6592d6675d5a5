// Where sign-in leads: back to the page asked for, never to another site.

import { AuthPages, newPerson } from '../pages/auth.js';
import { TenantsPage } from '../pages/tenants.js';
import { expect, test } from '../support/test.js';

const EVIL = [
  'http://evil.test/phish',
  '//evil.test/phish',
  '/\\evil.test/phish',
  'https:evil.test',
];

test('a callbackUrl to another site lands on the console after a real sign-in', async ({
  page,
}) => {
  const auth = new AuthPages(page);
  const person = newPerson('Redirected');
  await auth.signUp(person);
  await auth.signOut();
  // Any request that leaves for evil.test would fail here, so a redirect there cannot hide.
  const leaks: string[] = [];
  await page.route(
    (url) => url.hostname.endsWith('evil.test'),
    (route) => {
      leaks.push(route.request().url());
      return route.abort();
    },
  );
  const origin = new URL(page.url()).origin;
  for (const target of EVIL) {
    await auth.signIn(person, `/sign-in?callbackUrl=${encodeURIComponent(target)}`);
    await expect(page.getByTestId('current-user')).toHaveText(person.name);
    expect(new URL(page.url()).origin).toBe(origin);
    expect(new URL(page.url()).pathname).toBe('/');
    await auth.signOut();
  }
  expect(leaks).toEqual([]);
});

test('deep links survive sign-in: /devices, a tenant page, a staff-free page', async ({ page }) => {
  const auth = new AuthPages(page);
  const person = newPerson('Deep');
  await auth.signUp(person);
  const teamId = await new TenantsPage(page).createTeam(`Deep ${person.name}`);
  await auth.signOut();

  for (const path of ['/devices', `/tenants/${teamId}`, `/tenants/${teamId}/billing`, '/profile']) {
    await page.goto(path);
    await expect(page).toHaveURL(/\/sign-in\?callbackUrl=/);
    await auth.signIn(person, '');
    await expect(page.getByTestId('current-user')).toHaveText(person.name);
    expect(new URL(page.url()).pathname).toBe(path);
    await auth.signOut();
  }
});

test('sign-up from a deep link returns there once the mailed link is opened', async ({ page }) => {
  const auth = new AuthPages(page);
  const person = newPerson('Returning');
  await page.goto('/profile');
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=/);
  await page.getByTestId('create-account').click();
  await expect(page).toHaveURL(/\/sign-up\?callbackUrl=%2Fprofile/);
  await auth.signUp(person, '');
  await expect(page.getByTestId('page-title')).toHaveText('Profile');
});
