// The second factor (issue 26): staff cannot reach a staff page or the admin API with a password
// alone; passkeys through Chromium's virtual authenticator (CDP), authenticator-app codes from
// the secret as an app computes them, recovery codes that work once; the sessions list.

import type { Page } from '@playwright/test';
import { listUserSessions, searchAuditTrail } from '@tagtime/db';
import { AuthPages, newPerson } from '../pages/auth.js';
import { createAccount, testDb } from '../support/db.js';
import { ADMIN_TOKEN, SERVER_URL } from '../support/env.js';
import { expect, test } from '../support/test.js';
import { totpCode } from '../support/totp.js';

const DOCS = '../console/docs/images';

/** A platform authenticator (like Touch ID) for this page, through the DevTools protocol. */
async function virtualAuthenticator(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
}

async function actionsOf(userId: string) {
  const { events } = await searchAuditTrail(testDb(), { actor: userId, limit: 100 });
  return events.map((event) => `${event.action}:${event.outcome}`);
}

test('staff enrol a passkey at their first sign-in and sign in with it; a stolen password alone reaches no staff page and no admin API', async ({
  browser,
  request,
}) => {
  const person = newPerson('Keyed');
  const staff = await createAccount(person, 'support', { secondFactor: false });
  const page = await (
    await browser.newContext({ viewport: { width: 1280, height: 900 } })
  ).newPage();
  await virtualAuthenticator(page);
  const auth = new AuthPages(page);
  await auth.signIn(person, '/sign-in?callbackUrl=%2Fstaff');
  await expect(page).toHaveURL(/\/sign-in\/second-factor/);
  await expect(page.getByTestId('enrol-required')).toBeVisible();
  // Before a second factor, every staff page sends back to set one up.
  await page.goto('/staff/audit');
  await expect(page).toHaveURL(/\/sign-in\/second-factor\?callbackUrl=%2Fstaff%2Faudit/);
  await page.screenshot({ path: `${DOCS}/access-enrol-1280.png`, fullPage: true });
  await page.getByTestId('passkey-name').fill('Test laptop');
  await page.getByTestId('passkey-add').click();
  await expect(page.getByTestId('recovery-code')).toHaveCount(10);
  await page.getByTestId('recovery-codes-done').click();
  await expect(page).toHaveURL(/\/staff\/audit$/);
  await expect(page.getByTestId('audit-table')).toBeVisible();

  // The next sign-in asks for the passkey, and the passkey alone lets the staff member in.
  await auth.signOut();
  await auth.signIn(person, '/sign-in?callbackUrl=%2Fstaff');
  await expect(page.getByTestId('use-passkey')).toBeVisible();
  await page.screenshot({ path: `${DOCS}/access-second-factor-1280.png` });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${DOCS}/access-second-factor-390.png`, fullPage: true });
  await page.getByTestId('use-passkey').click();
  await expect(page).toHaveURL(/\/staff$/);
  await expect(page.getByTestId('staff-search-query')).toBeVisible();

  // Someone with the password only, in another browser (no passkey there).
  const thief = await (await browser.newContext()).newPage();
  await new AuthPages(thief).signIn(person, '/sign-in?callbackUrl=%2Fstaff');
  await expect(thief).toHaveURL(/\/sign-in\/second-factor/);
  // The account has a factor: no enrolling one's own, only answering.
  await expect(thief.getByTestId('enrol-required')).toHaveCount(0);
  for (const path of ['/staff', '/staff/audit', `/staff/users/${staff.id}`, '/profile/security']) {
    await thief.goto(path);
    await expect(thief).toHaveURL(/\/sign-in\/second-factor/);
  }
  const api = await thief.request.get(`/staff/users/${staff.id}/api/records`);
  expect(api.status()).toBe(401);
  const exported = await thief.request.get('/staff/audit/export');
  expect(exported.status()).toBe(401);
  // The log server refuses even the console's own credential naming that session.
  const sessions = await listUserSessions(testDb(), { userId: staff.id });
  const stolen = sessions.find((session) => session.secondFactorAt === null);
  expect(stolen).toBeDefined();
  const direct = await request.get(`${SERVER_URL}/admin/v1/users/${staff.id}/records`, {
    headers: {
      authorization: `Bearer ${ADMIN_TOKEN}`,
      'x-staff-user-id': staff.id,
      'x-staff-session-id': stolen?.id ?? '',
      'x-audit-reason': 'stolen password',
    },
  });
  expect(direct.status()).toBe(403);
  // Guessing codes is refused, and audited as refused.
  await thief.getByTestId('second-factor-code').fill('aaaaa-bbbbb-ccccc');
  await thief.getByTestId('second-factor-submit').click();
  await expect(thief.getByTestId('form-error')).toContainText('not right');
  await expect(thief).toHaveURL(/\/sign-in\/second-factor/);
  // Five wrong answers an hour; then even trying waits.
  for (let i = 2; i <= 5; i += 1) {
    await thief.getByTestId('second-factor-code').fill(`aaaaa-bbbbb-cccc${i}`);
    await thief.getByTestId('second-factor-submit').click();
    await expect(thief.getByTestId('form-error')).toContainText('not right');
  }
  await thief.getByTestId('second-factor-code').fill('aaaaa-bbbbb-ccccc');
  await thief.getByTestId('second-factor-submit').click();
  await expect(thief.getByTestId('form-error')).toContainText('Too many wrong codes');
  const actions = await actionsOf(staff.id);
  expect(actions).toContain('second_factor.enrolled:ok');
  expect(actions).toContain('second_factor.verify:ok');
  expect(actions).toContain('second_factor.recovery_code_used:refused');
  // So are the staff page and staff API it reached for with the password alone.
  expect(actions).toContain('staff.page:refused');
  expect(actions).toContain('staff.api:refused');
  const { events } = await searchAuditTrail(testDb(), { actor: staff.id, outcome: 'refused' });
  expect(events.map((event) => event.refusalCode)).toContain('second_factor_required');
});

test('a customer turns on an authenticator app; sign-in then needs a code, and a recovery code works once', async ({
  browser,
}) => {
  const person = newPerson('Careful');
  const page = await (
    await browser.newContext({ viewport: { width: 1280, height: 900 } })
  ).newPage();
  const auth = new AuthPages(page);
  await auth.signUp(person);
  await page.goto('/profile/security');
  await expect(page.getByTestId('no-second-factor')).toBeVisible();
  await page.getByTestId('totp-begin').click();
  const secret = (await page.getByTestId('totp-secret').textContent())?.trim() ?? '';
  expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
  await expect(page.getByTestId('totp-uri')).toContainText('otpauth://totp/');
  await page.screenshot({ path: `${DOCS}/access-totp-enrol-1280.png`, fullPage: true });
  await page.getByTestId('totp-code').fill(await totpCode(secret));
  await page.getByTestId('totp-confirm').click();
  await expect(page.getByTestId('recovery-code')).toHaveCount(10);
  await page.screenshot({ path: `${DOCS}/access-recovery-codes-1280.png`, fullPage: true });
  const codes = await page.getByTestId('recovery-code').allTextContents();
  expect(codes).toHaveLength(10);
  await page.getByTestId('recovery-codes-done').click();
  await expect(page.getByTestId('totp-row')).toBeVisible();
  await expect(page.getByTestId('recovery-unused')).toContainText('10 unused');

  await auth.signOut();
  await auth.signIn(person);
  await expect(page).toHaveURL(/\/sign-in\/second-factor/);
  // A password alone opens nothing of the account.
  await page.goto('/profile');
  await expect(page).toHaveURL(/\/sign-in\/second-factor/);
  const useRecovery = async (code: string) => {
    await page.getByTestId('switch-method').click();
    await page.getByTestId('second-factor-code').fill(code);
    await page.getByTestId('second-factor-submit').click();
  };
  await useRecovery(codes[0] ?? '');
  await expect(page).toHaveURL(/\/profile$/);

  // The same recovery code a second time: refused. The app's code still works.
  await auth.signOut();
  await auth.signIn(person);
  await useRecovery(codes[0] ?? '');
  await expect(page.getByTestId('form-error')).toContainText('not right');
  await page.getByTestId('switch-method').click();
  await page.getByTestId('second-factor-code').fill(await totpCode(secret));
  await page.getByTestId('second-factor-submit').click();
  await expect(page).not.toHaveURL(/\/sign-in/);
  await page.goto('/profile/security');
  await expect(page.getByTestId('recovery-unused')).toContainText('9 unused');
});

test('the profile lists sessions with browser, address and last use; signing one out, or all others, ends them at once', async ({
  browser,
}) => {
  const person = newPerson('Roaming');
  await createAccount(person);
  const open = async () => {
    const page = await (
      await browser.newContext({ viewport: { width: 1280, height: 900 } })
    ).newPage();
    await new AuthPages(page).signIn(person);
    await expect(page).not.toHaveURL(/sign-in/);
    return page;
  };
  const [laptop, phone, tablet] = [await open(), await open(), await open()];
  await laptop.goto('/profile/security');
  const rows = laptop.getByTestId('session-row');
  await expect(rows).toHaveCount(3);
  await expect(rows.first().getByTestId('session-browser')).toContainText(/Chrom/);
  await expect(rows.first().getByTestId('session-address')).toContainText('127.0.0.1');
  await expect(laptop.locator('[data-testid="session-row"][data-current]')).toHaveCount(1);
  await laptop.screenshot({ path: `${DOCS}/access-sessions-1280.png`, fullPage: true });
  await laptop.setViewportSize({ width: 390, height: 844 });
  await laptop.screenshot({ path: `${DOCS}/access-sessions-390.png`, fullPage: true });

  // One other session ends; that browser is signed out on its next request.
  await rows
    .filter({ hasNot: laptop.locator('[data-current]') })
    .first()
    .getByTestId('session-end')
    .click();
  await expect(rows).toHaveCount(2);
  const outcomes = await Promise.all(
    [phone, tablet].map(async (page) => {
      await page.goto('/profile');
      return /\/sign-in/.test(page.url());
    }),
  );
  expect(outcomes.filter(Boolean)).toHaveLength(1);
  // "All others" ends the last one; this browser stays in.
  await laptop.getByTestId('sessions-end-others').click();
  await expect(rows).toHaveCount(1);
  for (const page of [phone, tablet]) {
    await page.goto('/profile');
    await expect(page).toHaveURL(/\/sign-in/);
  }
  await laptop.goto('/profile');
  await expect(laptop).toHaveURL(/\/profile$/);
});
