import { readFile } from 'node:fs/promises';
import { findUserByEmail, listAuditEvents } from '@tagtime/db';
import { AuthPages, newPerson } from '../pages/auth.js';
import { testDb } from '../support/db.js';
import { expect, test } from '../support/test.js';

test('profile: rename, time zone, password change, export, delete', async ({ page }) => {
  const auth = new AuthPages(page);
  const person = newPerson('Profiler');
  await auth.signUp(person);
  await expect(page.getByTestId('page-title')).toContainText('Welcome');

  await page.getByTestId('nav-profile').click();
  await page.getByTestId('profile-name').fill(`${person.name} Renamed`);
  await page.getByTestId('profile-time-zone').selectOption('Asia/Tokyo');
  await page.getByTestId('save-profile').click();
  await expect(page.getByText('Profile saved.')).toBeVisible();
  await expect(page.getByTestId('current-user')).toHaveText(`${person.name} Renamed`);
  await page.getByTestId('nav-overview').click();
  await expect(page.getByText('Asia/Tokyo')).toBeVisible();

  await page.getByTestId('nav-profile').click();
  await page.getByTestId('current-password').fill('wrong-password-here');
  await page.getByTestId('new-password').fill('a-brand-new-password');
  await page.getByTestId('change-password').click();
  await expect(page.getByTestId('form-error')).toContainText('current password is not right');
  await page.getByTestId('current-password').fill(person.password);
  await page.getByTestId('new-password').fill('a-brand-new-password');
  await page.getByTestId('change-password').click();
  await expect(page.getByText('Password changed.')).toBeVisible();

  // Deleting is possible only after exporting.
  await expect(page.getByTestId('delete-account')).toBeDisabled();
  const downloading = page.waitForEvent('download');
  await page.getByTestId('export-data').click();
  const download = await downloading;
  const exported = JSON.parse(await readFile((await download.path()) ?? '', 'utf8'));
  expect(exported.user.email).toBe(person.email);
  expect(exported.tenants).toHaveLength(1);
  expect(exported.user.passwordHash).toBeUndefined();

  const account = await findUserByEmail(testDb(), person.email);
  await page.getByTestId('confirm-email').fill('someone@else.test');
  await page.getByTestId('delete-account').click();
  await expect(page.getByTestId('form-error')).toContainText('to confirm');
  await page.getByTestId('confirm-email').fill(person.email);
  await page.getByTestId('delete-account').click();
  await expect(page).toHaveURL(/\/sign-in/);
  await auth.signIn({ email: person.email, password: 'a-brand-new-password' });
  await auth.expectError('do not match an account');
  // The audit trail: the refused attempt as refused, then the deletion.
  const events = await listAuditEvents(testDb(), { actorUserId: account?.id ?? 'none' });
  expect(events.map((e) => [e.action, e.outcome, e.refusalCode])).toEqual([
    ['user.delete', 'ok', null],
    ['user.delete', 'refused', 'invalid_input'],
  ]);
});
